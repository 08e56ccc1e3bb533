package dev.cita.examples;

import com.sun.net.httpserver.HttpServer;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.google.GoogleAuthorizationUrl;
import dev.cita.scheduling.google.GoogleCalendarProvider;
import dev.cita.scheduling.google.GoogleCalendars;
import dev.cita.scheduling.google.GoogleConfig;
import dev.cita.scheduling.google.GoogleOAuth;
import dev.cita.scheduling.google.GoogleSyncScheduler;
import dev.cita.scheduling.google.GoogleTokenRefresher;
import dev.cita.scheduling.google.GoogleTokenRevoker;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects a tenant's real Google Calendar and books a test appointment in it: prints the consent
 * link, listens on the redirect URI for Google's callback, stores the tokens encrypted, reads the
 * calendar's busy time with one round of {@code GoogleSyncScheduler}, books the first free slot
 * tomorrow or later, and pushes it to Google.
 *
 * <p>Needs an OAuth client of type "Web application" whose authorized redirect URI is {@code
 * http://localhost:60000/oauth/callback} (or set {@code GOOGLE_OAUTH_REDIRECT_URI}):
 *
 * <pre>
 * GOOGLE_OAUTH_CLIENT_ID=... GOOGLE_OAUTH_CLIENT_SECRET=... \
 *   ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.GoogleOnboarding
 * </pre>
 *
 * Without those variables it explains what it needs and exits with status 0.
 */
public final class GoogleOnboarding {
  static final String CLIENT_ID = "GOOGLE_OAUTH_CLIENT_ID";
  static final String CLIENT_SECRET = "GOOGLE_OAUTH_CLIENT_SECRET";
  static final String REDIRECT = "GOOGLE_OAUTH_REDIRECT_URI";
  private static final Duration CALLBACK_WAIT = Duration.ofMinutes(5);

  private GoogleOnboarding() {}

  public static void main(String[] args) throws Exception {
    int status = run(System.getenv(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the example with the given environment; returns the process exit status. */
  static int run(Map<String, String> env, PrintStream out)
      throws IOException, InterruptedException {
    String clientId = env.get(CLIENT_ID);
    String clientSecret = env.get(CLIENT_SECRET);
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      out.println(
          """
          This example connects a real Google Calendar and books a test appointment in it.
          It needs a Google OAuth client (Google Cloud console > APIs & Services > Credentials,
          type "Web application", Calendar API enabled) whose authorized redirect URI is
          http://localhost:60000/oauth/callback, given as environment variables:

            GOOGLE_OAUTH_CLIENT_ID=...  GOOGLE_OAUTH_CLIENT_SECRET=...  (optional: GOOGLE_OAUTH_REDIRECT_URI=...)

          They are not set, so there is nothing to do. Exiting.\
          """);
      return 0;
    }
    URI redirect = URI.create(env.getOrDefault(REDIRECT, "http://localhost:60000/oauth/callback"));
    Clock clock = Clock.systemUTC();
    GoogleConfig config =
        GoogleConfig.builder()
            .clientId(clientId)
            .clientSecret(clientSecret)
            .redirectUri(redirect.toString())
            .build();

    // Demo only: a keyset made at start-up, so the tokens are unreadable after the program ends.
    EncryptedTokenStore tokens =
        new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    CredentialManager credentials =
        CredentialManager.builder()
            .inMemoryDefaults()
            .clock(clock)
            .credentialStore(tokens)
            .refresher("google", GoogleTokenRefresher.create(config, clock))
            .revoker("google", GoogleTokenRevoker.create(config))
            .build();
    GoogleOAuth oauth =
        GoogleOAuth.builder(config)
            .credentialManager(credentials)
            .authorizationStates(new InMemoryAuthorizationStateStore(clock))
            .clock(clock)
            .build();

    TenantId tenant = TenantId.of("demo-clinic");
    OAuthCallbackPage<ConnectionKey> callback =
        new OAuthCallbackPage<>(
            redirect,
            new OAuthCallbackPage.Callback<>() {
              @Override
              public ConnectionKey handle(URI fullCallbackUrl) {
                return oauth.handleCallback(fullCallbackUrl);
              }

              @Override
              public String describe(ConnectionKey key) {
                return key.account();
              }
            });
    CompletableFuture<ConnectionKey> connected = callback.outcome();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(redirect.getHost(), port(redirect)), 0);
    server.createContext(redirect.getPath(), callback);
    server.start();
    ConnectionKey connection;
    try {
      GoogleAuthorizationUrl start = oauth.authorizationUrl(tenant);
      out.println("Open this link in a browser and allow access to your calendar:");
      out.println();
      out.println("  " + start.url());
      out.println();
      out.println(
          "Waiting up to "
              + CALLBACK_WAIT.toMinutes()
              + " minutes for Google to call "
              + redirect
              + " ...");
      connection = connected.get(CALLBACK_WAIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      out.println("The authorization failed: " + e.getCause().getMessage());
      return 1;
    } catch (TimeoutException e) {
      out.println("No callback arrived in time.");
      return 1;
    } finally {
      server.stop(1); // lets an exchange still writing finish
    }
    out.println("Connected " + connection + " (" + credentials.status(connection).status() + ").");
    bookTestAppointment(config, credentials, connection, clock, out);
    return 0;
  }

  private static void bookTestAppointment(
      GoogleConfig config,
      CredentialManager credentials,
      ConnectionKey connection,
      Clock clock,
      PrintStream out) {
    TenantId tenant = connection.tenant();
    ResourceId owner = ResourceId.of("calendar-owner");
    ZoneId zone = ZoneId.of("America/Santiago");
    GoogleCalendars calendars = new GoogleCalendars();
    calendars.assign(tenant, owner, connection, "primary");
    GoogleCalendarProvider google =
        GoogleCalendarProvider.builder(config)
            .credentialManager(credentials)
            .calendars(calendars)
            .clock(clock)
            .build();
    // In an app: scheduler.start(), with .pushChannels(...) when Google can reach an https address.
    // Here (localhost, no push) one round reads free/busy for the next 60 days and syncs the
    // calendar.
    GoogleSyncScheduler scheduler = GoogleSyncScheduler.builder(google).clock(clock).build();
    GoogleSyncScheduler.Round round = scheduler.runOnce();
    out.println(
        "Read the calendar: "
            + round.synced()
            + " sync(s), "
            + round.refreshed()
            + " free/busy refresh(es), "
            + round.failed()
            + " failure(s); "
            + google
                .busyCache()
                .busy(tenant, owner, TimeInterval.of(clock.instant(), Duration.ofDays(60)))
                .size()
            + " busy interval(s) in the next 60 days.");

    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    AppointmentType consult =
        AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build();
    schedules.saveAppointmentType(tenant, consult);
    schedules.saveSchedule(
        tenant,
        owner,
        Schedule.builder(zone.getId())
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(google)
            .clock(clock)
            .build();
    LocalDate tomorrow = LocalDate.now(clock.withZone(zone)).plusDays(1);
    List<TimeSlot> slots =
        service.findSlots(
            SlotQuery.forResource(tenant, owner, consult.id(), tomorrow, tomorrow.plusDays(7)));
    if (slots.isEmpty()) {
      out.println(
          "No free weekday slot between 09:00 and 18:00 (Santiago) in the next week; nothing"
              + " booked.");
      return;
    }
    Appointment booked =
        service.book(
            BookingRequest.builder(
                    tenant,
                    owner,
                    consult.id(),
                    slots.get(0).start(),
                    Attendee.builder("Cita test patient").build())
                .build());
    SyncWorker worker =
        SyncWorker.builder()
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .provider(google)
            .clock(clock)
            .build();
    worker.drain(Duration.ofSeconds(30));
    Appointment pushed = appointments.find(tenant, booked.id()).orElseThrow();
    out.println(
        "Booked "
            + booked.start().atZone(zone)
            + " ("
            + TimeInterval.of(booked.start(), booked.end()).length().toMinutes()
            + " min); Google event id: "
            + pushed.externalRef("google").orElse("(not pushed yet)"));
    out.println(
        "Delete the event \"Cita test patient (consulta)\" from your calendar when you are done.");
  }

  private static int port(URI uri) {
    return uri.getPort() > 0 ? uri.getPort() : 80;
  }
}
