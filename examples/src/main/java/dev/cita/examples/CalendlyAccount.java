package dev.cita.examples;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.calendly.CalendlyClient;
import dev.cita.scheduling.calendly.CalendlyConnection;
import dev.cita.scheduling.calendly.CalendlyConnections;
import dev.cita.scheduling.calendly.model.AvailableTime;
import dev.cita.scheduling.calendly.model.CalendlyUser;
import dev.cita.scheduling.calendly.model.EventType;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.io.PrintStream;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Connects a Calendly account with a personal access token and shows it: the user, its event types,
 * and the next week's available start times of the first active event type. Read-only: it books,
 * cancels and subscribes nothing.
 *
 * <pre>
 * CALENDLY_PERSONAL_TOKEN=... \
 *   ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.CalendlyAccount
 * </pre>
 *
 * Without the variable it explains what it needs and exits with status 0. The token is never
 * printed; the HTTP client's timeouts bound every call.
 */
public final class CalendlyAccount {
  static final String TOKEN = "CALENDLY_PERSONAL_TOKEN";
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

  private CalendlyAccount() {}

  public static void main(String[] args) {
    int status = run(System.getenv(), System.out);
    if (status != 0) {
      System.exit(status);
    }
  }

  /** Runs the example with the given environment; returns the process exit status. */
  static int run(Map<String, String> env, PrintStream out) {
    String token = env.get(TOKEN);
    if (token == null || token.isBlank()) {
      out.println(
          """
          This example connects a Calendly account and shows its user, its event types and the next
          week's available times of the first active event type. It only reads; it books nothing.
          It needs a personal access token (Calendly > Integrations & apps > API and webhooks >
          Personal access tokens), given as an environment variable:

            CALENDLY_PERSONAL_TOKEN=...

          Run it with:
            ./mvnw -q -pl examples -am compile exec:java -Dexec.mainClass=dev.cita.examples.CalendlyAccount

          Missing: CALENDLY_PERSONAL_TOKEN, so there is nothing to do. Exiting.\
          """);
      return 0;
    }
    try {
      return show(token.trim(), out);
    } catch (SchedulingException e) {
      out.println("Calendly call failed: " + e.getMessage());
      return 1;
    }
  }

  private static int show(String token, PrintStream out) {
    Clock clock = Clock.systemUTC();
    TenantId tenant = TenantId.of("demo-account");
    // Demo only: a keyset made at start-up, so the stored token is unreadable after the program
    // ends.
    EncryptedTokenStore store =
        new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    CredentialManager credentials =
        CredentialManager.builder().inMemoryDefaults().clock(clock).credentialStore(store).build();
    CalendlyConnections connections = CalendlyConnections.builder(store, credentials).build();
    CalendlyClient calendly = CalendlyClient.builder(connections).clock(clock).build();

    out.println("Connecting with personal access token " + Secrets.mask(token) + " ...");
    CalendlyConnection connection = connections.connectPersonalToken(tenant, token, calendly);
    CalendlyUser user = calendly.currentUser(tenant);
    ZoneId zone = zoneOf(user);
    out.println("Connected " + connection.key() + ".");
    out.println(
        "User: "
            + user.name()
            + " ("
            + user.slug()
            + "), zone "
            + zone
            + ", booking page "
            + user.schedulingUrl());
    out.println("Organization: " + connection.organizationUri().orElse("(none)"));

    List<EventType> types = calendly.eventTypes(tenant, user.uri());
    out.println("Event types: " + types.size());
    for (EventType t : types) {
      out.println(
          "  "
              + (Boolean.TRUE.equals(t.active()) ? "active  " : "inactive")
              + " "
              + t.name()
              + " ("
              + t.duration()
              + " min, "
              + t.kind()
              + ") "
              + t.schedulingUrl());
    }
    Optional<EventType> first =
        types.stream().filter(t -> Boolean.TRUE.equals(t.active())).findFirst();
    if (first.isEmpty()) {
      out.println("No active event type, so no available times to show.");
      return 0;
    }
    Instant now = clock.instant();
    List<AvailableTime> times =
        calendly.availableTimes(tenant, first.get().uri(), now, now.plus(Duration.ofDays(7)));
    out.println(
        "Available times of \""
            + first.get().name()
            + "\" in the next 7 days ("
            + zone
            + "): "
            + times.size());
    Map<LocalDate, List<AvailableTime>> byDate =
        new TreeMap<>(
            times.stream()
                .collect(Collectors.groupingBy(t -> t.startTime().atZone(zone).toLocalDate())));
    byDate.forEach(
        (date, day) ->
            out.println(
                "  "
                    + date
                    + " "
                    + date.getDayOfWeek().toString().substring(0, 3)
                    + ": "
                    + day.stream()
                        .map(t -> t.startTime().atZone(zone).format(TIME) + seats(t))
                        .collect(Collectors.joining(", "))));
    return 0;
  }

  private static String seats(AvailableTime t) {
    return t.inviteesRemaining() != null && t.inviteesRemaining() > 1
        ? " (" + t.inviteesRemaining() + " seats)"
        : "";
  }

  private static ZoneId zoneOf(CalendlyUser user) {
    try {
      return user.timezone() == null || user.timezone().isBlank()
          ? ZoneId.of("UTC")
          : ZoneId.of(user.timezone());
    } catch (DateTimeException e) {
      return ZoneId.of("UTC");
    }
  }
}
