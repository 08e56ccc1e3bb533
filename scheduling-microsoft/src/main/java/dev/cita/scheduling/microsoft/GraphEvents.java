package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Graph's event JSON, both ways: Cita's appointment as an event body, and an event (or a {@code
 * getSchedule} item) as busy time. Which statuses block time is decided here, once:
 *
 * <table>
 *   <caption>Graph free/busy status → Cita</caption>
 *   <tr><th>status ({@code showAs} / {@code scheduleItem.status})</th><th>blocks time</th></tr>
 *   <tr><td>{@code busy}</td><td>yes</td></tr>
 *   <tr><td>{@code oof} (out of office)</td><td>yes</td></tr>
 *   <tr><td>{@code tentative}</td><td>yes: a meeting the person may attend is not bookable</td></tr>
 *   <tr><td>{@code unknown} (or a value Graph adds later)</td><td>yes: never read as free</td></tr>
 *   <tr><td>{@code workingElsewhere}</td><td>no: the person works, elsewhere, and can be booked
 *       </td></tr>
 *   <tr><td>{@code free}</td><td>no</td></tr>
 * </table>
 *
 * <p>Cancelled events ({@code isCancelled}) and meetings the mailbox owner declined ({@code
 * responseStatus.response = declined}) never block time.
 */
final class GraphEvents {
  /**
   * The single-value extended property that holds Cita's appointment id on each event Cita creates
   * (a named string property in Cita's own property set GUID).
   */
  static final String APPOINTMENT_PROPERTY =
      "String {6f8a3d2e-4b1c-4e7a-9c0d-2a5b8e1f7c34} Name citaAppointmentId";

  /** The prefix of the {@code transactionId} Cita sends on create. */
  static final String TRANSACTION_PREFIX = "cita-";

  /** The {@code Prefer} header that makes Graph answer every time in UTC. */
  static final String PREFER_UTC = "outlook.timezone=\"UTC\"";

  private GraphEvents() {}

  /** Whether a Graph free/busy status blocks time (see the table on the type). */
  static boolean blocks(@Nullable String status) {
    if (status == null) {
      return true;
    }
    return switch (status.toLowerCase(Locale.ROOT)) {
      case "free", "workingelsewhere" -> false;
      default -> true; // busy, oof, tentative, unknown, and anything new
    };
  }

  /**
   * A Graph {@code dateTimeTimeZone} ({@code {"dateTime":"2026-12-09T13:00:00.0000000",
   * "timeZone":"Pacific SA Standard Time"}}) as an instant; the zone may be an IANA id or a Windows
   * name.
   */
  static Optional<Instant> instant(@Nullable JsonNode dateTimeTimeZone) {
    if (dateTimeTimeZone == null || !dateTimeTimeZone.hasNonNull("dateTime")) {
      return Optional.empty();
    }
    String zone = dateTimeTimeZone.path("timeZone").asText("UTC");
    Optional<ZoneId> id = WindowsZones.zoneOf(zone.isBlank() ? "UTC" : zone);
    Optional<LocalDateTime> local = local(dateTimeTimeZone);
    if (id.isEmpty() || local.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(local.get().atZone(id.get()).toInstant());
  }

  private static Optional<LocalDateTime> local(JsonNode dateTimeTimeZone) {
    try {
      return Optional.of(LocalDateTime.parse(dateTimeTimeZone.get("dateTime").asText()));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The busy time an event holds, or empty when it holds none: cancelled, declined, shown as free
   * or working elsewhere, or unreadable. An all-day event covers its dates in the mailbox's zone:
   * the zone it was created in ({@code originalStartTimeZone}) when Graph names one, else {@code
   * mailboxZone}.
   */
  static Optional<TimeInterval> busyInterval(JsonNode event, ZoneId mailboxZone) {
    if (event.has("@removed") || event.path("isCancelled").asBoolean(false)) {
      return Optional.empty();
    }
    if ("declined".equalsIgnoreCase(event.path("responseStatus").path("response").asText(""))) {
      return Optional.empty();
    }
    if (!blocks(event.path("showAs").asText(null))) {
      return Optional.empty();
    }
    Optional<Instant> start;
    Optional<Instant> end;
    if (event.path("isAllDay").asBoolean(false)) {
      ZoneId zone =
          WindowsZones.zoneOf(event.path("originalStartTimeZone").asText("")).orElse(mailboxZone);
      start = local(event.path("start")).map(t -> t.toLocalDate().atStartOfDay(zone).toInstant());
      end = local(event.path("end")).map(t -> t.toLocalDate().atStartOfDay(zone).toInstant());
    } else {
      start = instant(event.get("start"));
      end = instant(event.get("end"));
    }
    if (start.isEmpty() || end.isEmpty() || !end.get().isAfter(start.get())) {
      return Optional.empty();
    }
    return Optional.of(TimeInterval.of(start.get(), end.get()));
  }

  /** True for an event Cita created (its transaction id or its extended property says so). */
  static boolean isCitas(JsonNode event) {
    return appointmentOf(event).isPresent();
  }

  /**
   * The appointment a Graph event belongs to, if Cita wrote it: from its {@code transactionId}
   * (returned by delta queries, which cannot {@code $expand} extended properties:
   * learn.microsoft.com/graph/api/event-delta, "OData query parameters") or Cita's extended
   * property (returned by a {@code GET} that expands it).
   */
  static Optional<AppointmentId> appointmentOf(JsonNode event) {
    String tx = event.path("transactionId").asText("");
    if (tx.startsWith(TRANSACTION_PREFIX)) {
      return validId(tx.substring(TRANSACTION_PREFIX.length()));
    }
    for (JsonNode p : event.path("singleValueExtendedProperties")) {
      if (APPOINTMENT_PROPERTY.equalsIgnoreCase(p.path("id").asText(""))) {
        return validId(p.path("value").asText(""));
      }
    }
    return Optional.empty();
  }

  private static Optional<AppointmentId> validId(String id) {
    return Ids.isValid(id) ? Optional.of(AppointmentId.of(id)) : Optional.empty();
  }

  /**
   * What an Outlook event of Cita's says about its appointment: removed or cancelled is {@code
   * CANCELLED}; shown tentative is {@code REQUESTED} (how Cita writes a request awaiting approval);
   * anything else is {@code SCHEDULED}, which the webhook pipeline reads as "still booked" and
   * which keeps a more specific active status (CONFIRMED, RESCHEDULED). Times come from Outlook, so
   * a drag there moves the appointment; all-day events carry no time Cita could book.
   */
  static ProviderBookingEvent toBookingEvent(JsonNode event, TenantId tenant, Instant now) {
    boolean gone = event.has("@removed") || event.path("isCancelled").asBoolean(false);
    AppointmentStatus status =
        gone
            ? AppointmentStatus.CANCELLED
            : "tentative".equalsIgnoreCase(event.path("showAs").asText(""))
                ? AppointmentStatus.REQUESTED
                : AppointmentStatus.SCHEDULED;
    Instant at = modifiedAt(event).orElse(now);
    ProviderBookingEvent.Builder b =
        ProviderBookingEvent.builder(
            MicrosoftOAuth.PROVIDER, tenant, event.path("id").asText(""), status, at);
    appointmentOf(event).ifPresent(b::appointmentId);
    if (!gone && !event.path("isAllDay").asBoolean(false)) {
      Optional<Instant> start = instant(event.get("start"));
      Optional<Instant> end = instant(event.get("end"));
      if (start.isPresent() && end.isPresent() && end.get().isAfter(start.get())) {
        b.time(start.get(), end.get());
      }
    }
    return b.build();
  }

  /** When Graph last changed the event ({@code lastModifiedDateTime}), if it says. */
  static Optional<Instant> modifiedAt(JsonNode event) {
    String modified = event.path("lastModifiedDateTime").asText("");
    try {
      return modified.isBlank()
          ? Optional.empty()
          : Optional.of(OffsetDateTime.parse(modified).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The {@code transactionId} of an appointment's create: stable, so Graph can de-duplicate. The
   * event resource (learn.microsoft.com/graph/api/resources/event, property {@code transactionId})
   * describes it as an identifier the client sets so that the server avoids redundant POSTs when
   * the client retries a create whose answer it never got; it cannot be changed by a later update
   * and is returned only when an app set it. The page gives no period for which Graph remembers it
   * and does not say what a repeated POST answers, so a create still looks Cita's event up first
   * ({@code MicrosoftCalendarProvider#createEvent}) and the transaction id is the second guard.
   */
  static String transactionId(AppointmentId id) {
    return TRANSACTION_PREFIX + id.value();
  }

  /**
   * The {@code $filter} that finds the event of an appointment by its extended property. Ids hold
   * no quote (the core allows only {@code [A-Za-z0-9._:@+-]}), so none needs escaping.
   */
  static String filterFor(AppointmentId id) {
    return "singleValueExtendedProperties/Any(ep: ep/id eq '"
        + APPOINTMENT_PROPERTY
        + "' and ep/value eq '"
        + id.value()
        + "')";
  }

  private static final DateTimeFormatter SECONDS =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss", Locale.ROOT);

  /** A UTC {@code dateTimeTimeZone}, to the second ({@code 2026-03-10T13:00:00}). */
  static Map<String, String> utc(Instant at) {
    return Map.of("dateTime", utcText(at), "timeZone", "UTC");
  }

  /** The instant as a UTC local date-time to the second, without a zone. */
  static String utcText(Instant at) {
    return SECONDS.format(LocalDateTime.ofInstant(at, ZoneOffset.UTC));
  }

  /**
   * The event body of an appointment: subject, times in UTC, location, the customer as attendee
   * when {@code invite} is set, shown as busy. A create also carries the transaction id and Cita's
   * extended property.
   */
  static Map<String, Object> toEvent(
      Appointment a, Function<Appointment, String> subject, boolean create, boolean invite) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("subject", subject.apply(a));
    e.put("start", utc(a.start()));
    e.put("end", utc(a.end()));
    // A request awaiting approval is written tentative, so that its echo reads back as REQUESTED
    // (see statusOf) and never approves it by itself.
    e.put("showAs", a.status() == AppointmentStatus.REQUESTED ? "tentative" : "busy");
    a.location().ifPresent(l -> e.put("location", Map.of("displayName", l)));
    if (invite && a.attendee().email().isPresent()) {
      e.put(
          "attendees",
          List.of(
              Map.of(
                  "emailAddress",
                  Map.of("address", a.attendee().email().get(), "name", a.attendee().name()),
                  "type",
                  "required")));
    }
    if (create) {
      e.put("transactionId", transactionId(a.id()));
      e.put(
          "singleValueExtendedProperties",
          List.of(Map.of("id", APPOINTMENT_PROPERTY, "value", a.id().value())));
    }
    return e;
  }
}
