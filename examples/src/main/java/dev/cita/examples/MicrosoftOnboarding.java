package dev.cita.examples;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.memory.InMemoryCalendarAssignmentStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.microsoft.MicrosoftCalendarProvider;
import dev.cita.scheduling.microsoft.MicrosoftGraph;
import dev.cita.scheduling.microsoft.MicrosoftOAuth;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Connects a real Microsoft 365 calendar and reads it: prints the consent link, takes the address
 * the browser was sent back to (pasted on the console), stores the tokens encrypted, reads the next
 * week's busy time with {@code getSchedule} and runs one delta sync of the calendar view. It writes
 * nothing to the calendar.
 *
 * <p>Needs an app registration in Microsoft Entra ID (Azure portal › App registrations) with a
 * "Web" redirect URI {@code http://localhost:60000/oauth/callback} (or set {@code
 * MICROSOFT_REDIRECT_URI}), a client secret, and the delegated Graph permissions {@code
 * Calendars.ReadWrite}, {@code User.Read} and {@code offline_access}:
 *
 * <pre>
 * MICROSOFT_CLIENT_ID=... MICROSOFT_CLIENT_SECRET=... \
 *   ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.MicrosoftOnboarding
 * </pre>
 *
 * Without those variables it explains what it needs and exits with status 0.
 */
public final class MicrosoftOnboarding {
  static final String CLIENT_ID = "MICROSOFT_CLIENT_ID";
  static final String CLIENT_SECRET = "MICROSOFT_CLIENT_SECRET";
  static final String AUTHORITY = "MICROSOFT_AUTHORITY";
  static final String REDIRECT = "MICROSOFT_REDIRECT_URI";

  private MicrosoftOnboarding() {}

  public static void main(String[] args) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    int status = run(System.getenv(), in, System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the example with the given environment and console; returns the exit status. */
  static int run(Map<String, String> env, BufferedReader in, PrintStream out) throws IOException {
    String clientId = env.get(CLIENT_ID);
    String clientSecret = env.get(CLIENT_SECRET);
    if (clientId == null || clientId.isBlank() || clientSecret == null || clientSecret.isBlank()) {
      out.println(
          """
          This example connects a real Microsoft 365 (Outlook) calendar and reads its busy time.
          It needs an app registration in Microsoft Entra ID (Azure portal > App registrations):
          platform "Web" with the redirect URI http://localhost:60000/oauth/callback, a client
          secret, and the delegated Microsoft Graph permissions Calendars.ReadWrite, User.Read
          and offline_access. Give it as environment variables:

            MICROSOFT_CLIENT_ID=...      the application (client) id
            MICROSOFT_CLIENT_SECRET=...  a client secret of the app
            MICROSOFT_AUTHORITY=...      optional: organizations (default), common, or a directory id
            MICROSOFT_REDIRECT_URI=...   optional: another registered redirect URI

          They are not set, so there is nothing to do. Exiting.\
          """);
      return 0;
    }
    String redirect = env.getOrDefault(REDIRECT, "http://localhost:60000/oauth/callback");
    Clock clock = Clock.systemUTC();
    MicrosoftOAuth oauth =
        MicrosoftOAuth.builder(clientId, clientSecret, redirect)
            .authority(env.getOrDefault(AUTHORITY, MicrosoftOAuth.DEFAULT_AUTHORITY))
            .flow(AuthorizationFlow.create(new InMemoryAuthorizationStateStore(clock), clock))
            .build();
    // Demo only: a keyset made at start-up, so the tokens are unreadable after the program ends.
    CredentialManager credentials =
        CredentialManager.builder()
            .inMemoryDefaults()
            .clock(clock)
            .credentialStore(
                new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate()))
            .refresher(MicrosoftOAuth.PROVIDER, oauth.refresher())
            .build();
    MicrosoftGraph graph = MicrosoftGraph.builder(credentials).build();

    TenantId tenant = TenantId.of("demo-clinic");
    out.println("Open this link in a browser and allow access to your calendar:");
    out.println();
    out.println("  " + oauth.authorizationUrl(tenant));
    out.println();
    out.println(
        "The browser then goes to "
            + redirect
            + "?code=...&state=... (the page itself may not load). Paste that whole address here:");
    String line = in.readLine();
    HttpUrl back = line == null ? null : HttpUrl.parse(line.trim());
    if (back == null || back.queryParameter("code") == null) {
      out.println("That is not the address with ?code=...; nothing connected.");
      return 1;
    }
    ConnectionKey connection;
    try {
      connection =
          oauth.connect(
              graph, back.queryParameter("code"), String.valueOf(back.queryParameter("state")));
    } catch (SchedulingException e) {
      out.println("Could not connect: " + e.getMessage());
      return 1;
    }
    out.println("Connected " + connection + " (" + credentials.status(connection).status() + ").");
    readCalendar(graph, connection, clock, out);
    return 0;
  }

  private static void readCalendar(
      MicrosoftGraph graph, ConnectionKey connection, Clock clock, PrintStream out) {
    ResourceId owner = ResourceId.of("calendar-owner");
    InMemoryCalendarAssignmentStore assignments = new InMemoryCalendarAssignmentStore();
    assignments.save(
        new ResourceCalendar(connection.tenant(), owner, connection, MicrosoftCalendarProvider.ME));
    MicrosoftCalendarProvider outlook =
        MicrosoftCalendarProvider.builder(graph, assignments)
            .mailboxZone(ZoneId.systemDefault())
            .build();
    TimeInterval week = TimeInterval.of(clock.instant(), Duration.ofDays(7));
    var read = outlook.refreshBusy(connection.tenant(), List.of(owner), week);
    out.println("Busy in the next 7 days (getSchedule):");
    read.get(owner)
        .ifPresentOrElse(
            busy -> busy.forEach(i -> out.println("  " + i.start() + " .. " + i.end())),
            () -> out.println("  Graph reported an error for the mailbox"));
    boolean full = outlook.sync(connection.tenant(), owner);
    out.println(
        "Delta sync ("
            + (full ? "full" : "incremental")
            + "): "
            + outlook.busyCache().busy(connection.tenant(), owner, week).size()
            + " busy events in the next 7 days.");
  }
}
