package dev.cita.examples;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.calcom.CalComAccess;
import dev.cita.scheduling.calcom.CalComCalendarProvider;
import dev.cita.scheduling.calcom.CalComClient;
import dev.cita.scheduling.calcom.CalComOAuth;
import dev.cita.scheduling.calcom.CalComTenant;
import dev.cita.scheduling.calcom.CalComTenants;
import dev.cita.scheduling.calcom.EventTypeMapping;
import dev.cita.scheduling.calcom.api.CalComProfile;
import dev.cita.scheduling.calcom.api.CalComSlot;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncWorker;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * Connects one branch to Cal.com with an API key, prints the next week's free slots of one event
 * type as Cal.com sees them and, only when asked to, books the first one through Cita ({@code
 * BookingService} + {@code SyncWorker} + {@code CalComCalendarProvider}, with the branch's hours
 * taken from Cal.com by {@code Schedule.hoursFrom("calcom")}), prints the Cal.com booking uid, then
 * cancels the appointment and pushes the cancel.
 *
 * <pre>
 * CALCOM_API_KEY=cal_live_... CALCOM_EVENT_TYPE_ID=123456 \
 *   ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.CalComBranch
 * </pre>
 *
 * Optional: {@code CALCOM_BASE_URL} (a self-hosted Cal.com API root; Cal.com's cloud by default; a
 * public https URL unless {@code CALCOM_ALLOW_PRIVATE_BASE_URL=yes} allows http and private
 * addresses), and {@code CALCOM_BOOK=yes} with {@code CALCOM_ATTENDEE_EMAIL=you@example.com} to
 * make (and then cancel) a real test booking. Without the required variables it explains what it
 * needs and exits with status 0. The key is never printed; the HTTP client's timeouts bound every
 * call.
 */
public final class CalComBranch {
  static final String API_KEY = "CALCOM_API_KEY";
  static final String EVENT_TYPE_ID = "CALCOM_EVENT_TYPE_ID";
  static final String BASE_URL = "CALCOM_BASE_URL";
  static final String ALLOW_PRIVATE_BASE_URL = "CALCOM_ALLOW_PRIVATE_BASE_URL";
  static final String BOOK = "CALCOM_BOOK";
  static final String ATTENDEE_EMAIL = "CALCOM_ATTENDEE_EMAIL";
  private static final Duration PUSH_WAIT = Duration.ofSeconds(60);
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private CalComBranch() {}

  public static void main(String[] args) {
    int status = run(System.getenv(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the example with the given environment; returns the process exit status. */
  static int run(Map<String, String> env, PrintStream out) {
    String apiKey = value(env, API_KEY);
    String eventTypeText = value(env, EVENT_TYPE_ID);
    boolean book = "yes".equalsIgnoreCase(value(env, BOOK));
    String attendeeEmail = value(env, ATTENDEE_EMAIL);
    if (apiKey == null || eventTypeText == null || (book && attendeeEmail == null)) {
      out.println(
          """
          This example connects one branch to Cal.com with an API key and prints the next week's
          free slots of one event type; with CALCOM_BOOK=yes it also books the first slot through
          Cita, prints the Cal.com booking uid, and cancels it again.
          It needs (Cal.com > Settings > Developer > API keys; the event type id is the number in
          the event type's URL):

            CALCOM_API_KEY=...  CALCOM_EVENT_TYPE_ID=...
            optional: CALCOM_BASE_URL=https://cal.branch.example/   (self-hosted; default %s)
            optional: CALCOM_ALLOW_PRIVATE_BASE_URL=yes   (a self-hosted Cal.com over http or on a private network)
            optional: CALCOM_BOOK=yes  CALCOM_ATTENDEE_EMAIL=you@example.com   (book, then cancel)

          Run it with:
            ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.CalComBranch
          """
              .formatted(CalComClient.DEFAULT_BASE_URL));
      out.println(
          "Missing: "
              + missing(apiKey, eventTypeText, book, attendeeEmail)
              + ", so there is nothing to do. Exiting.");
      return 0;
    }
    long eventTypeId;
    try {
      eventTypeId = Long.parseLong(eventTypeText);
    } catch (NumberFormatException e) {
      out.println(
          EVENT_TYPE_ID
              + " must be a number (the id of a Cal.com event type), was \""
              + eventTypeText
              + "\".");
      return 2;
    }
    String baseUrl = env.getOrDefault(BASE_URL, CalComClient.DEFAULT_BASE_URL);
    if (baseUrl.isBlank()) {
      baseUrl = CalComClient.DEFAULT_BASE_URL;
    }
    try {
      BaseUrlPolicy policy =
          "yes".equalsIgnoreCase(value(env, ALLOW_PRIVATE_BASE_URL))
              ? BaseUrlPolicy.publicHttps().allowPrivateNetwork().allowInsecureHttp()
              : BaseUrlPolicy.publicHttps();
      return connectAndShow(apiKey, eventTypeId, baseUrl, policy, book ? attendeeEmail : null, out);
    } catch (SchedulingException e) {
      out.println("Cal.com call failed: " + e.getMessage());
      return 1;
    }
  }

  private static int connectAndShow(
      String apiKey,
      long eventTypeId,
      String baseUrl,
      BaseUrlPolicy policy,
      String attendeeEmail,
      PrintStream out) {
    Clock clock = Clock.systemUTC();
    TenantId tenant = TenantId.of("sucursal-demo");
    // Demo only: a keyset made at start-up, so the stored key is unreadable after the program ends.
    EncryptedTokenStore tokens =
        new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    CredentialManager credentials =
        CredentialManager.builder().inMemoryDefaults().clock(clock).credentialStore(tokens).build();
    CalComClient client = CalComClient.builder().clock(clock).build();

    out.println(
        "Connecting branch "
            + tenant
            + " to "
            + baseUrl
            + " with API key "
            + Secrets.mask(apiKey)
            + " ...");
    ConnectionKey key =
        CalComOAuth.connectApiKey(credentials, client, tenant, baseUrl, policy, apiKey);
    CalComProfile me = client.me(CalComAccess.of(tenant, baseUrl, policy, credentials, key));
    ZoneId zone = zoneOf(me);
    out.println("Connected " + key + " as " + me.username() + " (zone " + zone + ").");

    ResourceId host = ResourceId.of("calcom-host");
    AppointmentTypeId typeId = AppointmentTypeId.of("calcom-" + eventTypeId);
    CalComTenants tenants =
        CalComTenants.of(
            CalComTenant.builder(tenant, key.account())
                .baseUrl(baseUrl)
                .baseUrlPolicy(policy)
                .eventType(EventTypeMapping.of(eventTypeId, host, typeId))
                .zone(zone)
                .build());
    CalComCalendarProvider calcom =
        CalComCalendarProvider.builder(client, tenants, credentials).clock(clock).build();

    LocalDate today = LocalDate.now(clock.withZone(zone));
    SortedMap<LocalDate, List<CalComSlot>> slots =
        calcom.freeSlots(tenant, host, typeId, today, today.plusDays(7));
    List<CalComSlot> all = slots.values().stream().flatMap(List::stream).toList();
    out.println(
        "Free slots of event type "
            + eventTypeId
            + " from "
            + today
            + " to "
            + today.plusDays(7)
            + " ("
            + zone
            + "): "
            + all.size());
    slots.forEach(
        (date, day) -> {
          if (!day.isEmpty()) {
            out.println(
                "  "
                    + date
                    + " "
                    + date.getDayOfWeek().toString().substring(0, 3)
                    + ": "
                    + day.stream()
                        .map(s -> s.start().atZoneSameInstant(zone).format(TIME) + seats(s))
                        .collect(Collectors.joining(", ")));
          }
        });
    if (attendeeEmail == null) {
      out.println(
          "Not booking (set "
              + BOOK
              + "=yes and "
              + ATTENDEE_EMAIL
              + " to book the first slot and cancel it).");
      return 0;
    }
    if (all.isEmpty()) {
      out.println("No free slot in the next week; nothing booked.");
      return 0;
    }
    return bookAndCancel(calcom, tenant, host, typeId, zone, all.get(0), attendeeEmail, clock, out);
  }

  private static int bookAndCancel(
      CalComCalendarProvider calcom,
      TenantId tenant,
      ResourceId host,
      AppointmentTypeId typeId,
      ZoneId zone,
      CalComSlot first,
      String attendeeEmail,
      Clock clock,
      PrintStream out) {
    if (first.end() == null || !first.end().isAfter(first.start())) {
      out.println("Cal.com gave the first slot no end, so its length is unknown; nothing booked.");
      return 1;
    }
    // Cita's side of the branch: the Cal.com host is one resource whose hours are Cal.com's own
    // (Cal.com keeps
    // the working hours; Cita offers and books only the slots Cal.com offers), with a type as long
    // as the event type.
    Duration length = Duration.between(first.start(), first.end());
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(
        tenant, AppointmentType.builder(typeId.value(), "Cal.com event type", length).build());
    schedules.saveSchedule(
        tenant, host, Schedule.builder(zone).hoursFrom(CalComClient.PROVIDER).build());
    InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(calcom)
            .clock(clock)
            .build();
    SyncWorker worker =
        SyncWorker.builder()
            .bookingService(service)
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .provider(calcom)
            .clock(clock)
            .maxAttempts(3)
            .baseBackoff(Duration.ofSeconds(1))
            .maxBackoff(Duration.ofSeconds(5))
            .build();

    // What an app does every few minutes (calcom.busyRefresher(...) and
    // calcom.availabilityRefresher(...)):
    // Cal.com's slots are the branch's hours, and bookings made on Cal.com block Cita's slots.
    TimeInterval week = TimeInterval.of(clock.instant(), Duration.ofDays(8));
    int busy = calcom.refreshBusy(tenant, week);
    int open = calcom.refreshAvailability(tenant, week);
    out.println(
        "Read "
            + open
            + " Cal.com slot(s) and "
            + busy
            + " booking(s) in the next 8 days into the caches.");

    Appointment booked =
        service.book(
            BookingRequest.builder(
                    tenant,
                    host,
                    typeId,
                    first.start().toInstant(),
                    Attendee.builder("Cita test attendee").email(attendeeEmail).zone(zone).build())
                .build());
    out.println(
        "Booked appointment "
            + booked.id()
            + " at "
            + booked.start().atZone(zone)
            + " ("
            + length.toMinutes()
            + " min); pushing it to Cal.com ...");
    push(worker, appointments, tenant);
    Optional<String> uid =
        appointments.find(tenant, booked.id()).flatMap(a -> a.externalRef(CalComClient.PROVIDER));
    if (uid.isEmpty()) {
      out.println("The booking did not reach Cal.com: " + lastError(appointments, tenant));
    } else {
      out.println("Cal.com booking uid: " + uid.get());
    }

    service.cancel(tenant, booked.id());
    out.println("Cancelled the appointment in Cita; pushing the cancel to Cal.com ...");
    push(worker, appointments, tenant);
    List<OutboxEntry> entries = appointments.outbox().entries(tenant);
    boolean allDone = entries.stream().allMatch(e -> e.status() == OutboxStatus.DONE);
    if (uid.isPresent() && allDone) {
      out.println("Cancelled on Cal.com too: booking " + uid.get() + " is cancelled.");
      return 0;
    }
    out.println(
        "Not everything reached Cal.com: "
            + lastError(appointments, tenant)
            + (uid.isPresent() ? " Cancel booking " + uid.get() + " on Cal.com by hand." : ""));
    return 1;
  }

  /**
   * Runs the worker until nothing is pending (pushed, or given up on after its attempts), an entry
   * is dead, or {@link #PUSH_WAIT} has passed: a retryable failure waits out its backoff, which
   * {@code drain} does not.
   */
  private static void push(
      SyncWorker worker, InMemoryAppointmentStore appointments, TenantId tenant) {
    long deadline = System.nanoTime() + PUSH_WAIT.toNanos();
    while (true) {
      worker.drain(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
      List<OutboxEntry> entries = appointments.outbox().entries(tenant);
      boolean pending = entries.stream().anyMatch(e -> e.status() == OutboxStatus.PENDING);
      // A dead entry blocks the later ones of its appointment, so they would wait in vain.
      boolean dead = entries.stream().anyMatch(e -> e.status() == OutboxStatus.DEAD);
      if (!pending || dead || System.nanoTime() - deadline >= 0) {
        return;
      }
      try {
        Thread.sleep(500);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private static String lastError(InMemoryAppointmentStore appointments, TenantId tenant) {
    return appointments.outbox().entries(tenant).stream()
        .filter(e -> e.status() != OutboxStatus.DONE)
        .map(e -> e.action() + " " + e.status() + (e.lastError().map(err -> ": " + err).orElse("")))
        .collect(Collectors.joining("; ", "[", "]"));
  }

  private static String seats(CalComSlot slot) {
    return slot.isSeated()
        ? " (" + slot.seatsRemaining() + "/" + slot.seatsTotal() + " seats)"
        : "";
  }

  private static ZoneId zoneOf(CalComProfile me) {
    try {
      return me.timeZone() == null || me.timeZone().isBlank()
          ? ZoneId.of("UTC")
          : ZoneId.of(me.timeZone());
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }

  private static String missing(
      String apiKey, String eventType, boolean book, String attendeeEmail) {
    StringBuilder names = new StringBuilder();
    if (apiKey == null) {
      names.append(API_KEY);
    }
    if (eventType == null) {
      names.append(names.isEmpty() ? "" : ", ").append(EVENT_TYPE_ID);
    }
    if (book && attendeeEmail == null) {
      names
          .append(names.isEmpty() ? "" : ", ")
          .append(ATTENDEE_EMAIL)
          .append(" (needed with ")
          .append(BOOK)
          .append("=yes)");
    }
    return names.toString();
  }

  private static String value(Map<String, String> env, String name) {
    String v = env.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
