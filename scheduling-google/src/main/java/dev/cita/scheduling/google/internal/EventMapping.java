package dev.cita.scheduling.google.internal;

import com.google.api.client.util.DateTime;
import com.google.api.services.calendar.model.Event;
import com.google.api.services.calendar.model.EventAttendee;
import com.google.api.services.calendar.model.EventDateTime;
import dev.cita.scheduling.google.GoogleEventIds;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TimeZone;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Translates between Cita appointments and Google events, in both directions.
 *
 * <p>Writing: the event carries the appointment id, tenant and Cita status in {@code
 * extendedProperties.private}, with the tag's signature ({@link #SIGNATURE_KEY}); its Google status
 * is {@code tentative} for a {@code REQUESTED} appointment (awaiting approval) and {@code
 * confirmed} for every other active one.
 *
 * <p>Reading back one of Cita's events, the design's table applies ({@code confirmed} → CONFIRMED,
 * {@code tentative} → SCHEDULED, {@code cancelled} → CANCELLED) with one exception: when the Google
 * status is exactly the one Cita wrote, the event is the echo of Cita's own write and reports the
 * Cita status it carries, so that writing a SCHEDULED appointment as {@code confirmed} never
 * confirms it by itself. Times always come from Google (a drag in Google moves the appointment);
 * the attendee never does (Google knows only an e-mail).
 */
public final class EventMapping {
  public static final String APPOINTMENT_KEY = "citaAppointmentId";
  public static final String TENANT_KEY = "citaTenant";
  public static final String STATUS_KEY = "citaStatus";

  /**
   * The signature of the appointment tag ({@link AppointmentTagSigner}); without it the tag links
   * nothing.
   */
  public static final String SIGNATURE_KEY = "citaTagSignature";

  private static final TimeZone UTC = TimeZone.getTimeZone("UTC");

  private EventMapping() {}

  /** The event for an appointment: the full body of an insert, or of a patch without the id. */
  public static Event toEvent(
      Appointment a,
      Function<Appointment, String> summary,
      boolean withId,
      AppointmentTagSigner signer) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put(APPOINTMENT_KEY, a.id().value());
    tags.put(TENANT_KEY, a.tenant().value());
    tags.put(STATUS_KEY, a.status().name());
    tags.put(SIGNATURE_KEY, signer.sign(a.tenant(), GoogleCalls.PROVIDER, a.id()));
    Event e =
        new Event()
            .setSummary(summary.apply(a))
            .setStart(dateTime(a.start(), a.displayZone()))
            .setEnd(dateTime(a.end(), a.displayZone()))
            .setStatus(googleStatus(a.status()))
            .setExtendedProperties(new Event.ExtendedProperties().setPrivate(tags));
    if (withId) {
      e.setId(GoogleEventIds.forAppointment(a.id()));
    }
    a.location().ifPresent(e::setLocation);
    a.notes().ifPresent(e::setDescription);
    a.attendee()
        .email()
        .ifPresent(
            email ->
                e.setAttendees(
                    List.of(
                        new EventAttendee().setEmail(email).setDisplayName(a.attendee().name()))));
    return e;
  }

  /** The Google status Cita writes for an appointment status. */
  public static String googleStatus(AppointmentStatus status) {
    return status == AppointmentStatus.REQUESTED ? "tentative" : "confirmed";
  }

  private static EventDateTime dateTime(Instant at, ZoneId zone) {
    return new EventDateTime()
        .setDateTime(new DateTime(new Date(at.toEpochMilli()), UTC))
        .setTimeZone(zone.getId());
  }

  /** The appointment an event belongs to, if it is one of Cita's (by its private tag or its id). */
  public static Optional<AppointmentId> appointmentOf(Event e) {
    String tagged = privateTag(e, APPOINTMENT_KEY);
    if (tagged != null && Ids.isValid(tagged)) { // anything else is not an id Cita wrote
      return Optional.of(AppointmentId.of(tagged));
    }
    return GoogleEventIds.appointmentOf(e.getId());
  }

  /**
   * The appointment an event belongs to, if it is one of Cita's written for {@code tenant}. An
   * event Cita wrote for another tenant (two tenants sharing one Google calendar, or a copy of such
   * an event) is not this tenant's: it blocks time like any other event and never reaches this
   * tenant's webhook pipeline.
   */
  public static Optional<AppointmentId> appointmentOf(Event e, TenantId tenant) {
    String taggedTenant = privateTag(e, TENANT_KEY);
    if (taggedTenant != null && !taggedTenant.equals(tenant.value())) {
      return Optional.empty();
    }
    return appointmentOf(e);
  }

  private static @Nullable String privateTag(Event e, String key) {
    if (e.getExtendedProperties() == null || e.getExtendedProperties().getPrivate() == null) {
      return null;
    }
    return e.getExtendedProperties().getPrivate().get(key);
  }

  /**
   * The time an event blocks, or empty when it blocks none: cancelled, marked "free" (transparent),
   * declined by the calendar's owner, or without times. All-day events are read in the calendar's
   * zone.
   */
  public static Optional<TimeInterval> busyInterval(Event e, ZoneId calendarZone) {
    if ("cancelled".equals(e.getStatus()) || "transparent".equals(e.getTransparency())) {
      return Optional.empty();
    }
    if (e.getAttendees() != null) {
      for (EventAttendee attendee : e.getAttendees()) {
        if (Boolean.TRUE.equals(attendee.getSelf())
            && "declined".equals(attendee.getResponseStatus())) {
          return Optional.empty();
        }
      }
    }
    Optional<Instant> start = instant(e.getStart(), calendarZone);
    Optional<Instant> end = instant(e.getEnd(), calendarZone);
    if (start.isEmpty() || end.isEmpty() || !end.get().isAfter(start.get())) {
      return Optional.empty();
    }
    return Optional.of(TimeInterval.of(start.get(), end.get()));
  }

  private static Optional<Instant> instant(EventDateTime t, ZoneId calendarZone) {
    if (t == null) {
      return Optional.empty();
    }
    if (t.getDateTime() != null) {
      return Optional.of(Instant.ofEpochMilli(t.getDateTime().getValue()));
    }
    if (t.getDate() != null) {
      // An all-day event's "date" is yyyy-mm-dd; a full timestamp there (never sent by Google, but
      // accepted by its JSON parser) is read as the instant it names rather than failing the batch.
      if (!t.getDate().isDateOnly()) {
        return Optional.of(Instant.ofEpochMilli(t.getDate().getValue()));
      }
      return Optional.of(
          LocalDate.parse(t.getDate().toStringRfc3339()).atStartOfDay(calendarZone).toInstant());
    }
    return Optional.empty();
  }

  /** The calendar's zone from an events list response, UTC if absent or unknown. */
  public static ZoneId zone(@Nullable String timeZone) {
    if (timeZone == null) {
      return ZoneOffset.UTC;
    }
    try {
      return ZoneId.of(timeZone);
    } catch (DateTimeException e) {
      return ZoneOffset.UTC;
    }
  }

  /** What one of Cita's events says about its appointment, for the webhook pipeline. */
  public static ProviderBookingEvent toBookingEvent(
      Event e, TenantId tenant, ZoneId calendarZone, Instant now) {
    ProviderBookingEvent.Builder b =
        ProviderBookingEvent.builder(
            GoogleCalls.PROVIDER,
            tenant,
            e.getId(),
            statusOf(e),
            e.getUpdated() == null ? now : Instant.ofEpochMilli(e.getUpdated().getValue()));
    appointmentOf(e, tenant).ifPresent(b::appointmentId);
    b.tagSignature(
        privateTag(e, SIGNATURE_KEY)); // the core verifies it before the tag links anything
    if (!"cancelled".equals(e.getStatus())) {
      Optional<Instant> start = instant(e.getStart(), calendarZone);
      Optional<Instant> end = instant(e.getEnd(), calendarZone);
      if (start.isPresent() && end.isPresent() && end.get().isAfter(start.get())) {
        b.time(start.get(), end.get());
      }
    }
    return b.build();
  }

  static AppointmentStatus statusOf(Event e) {
    String google = e.getStatus() == null ? "confirmed" : e.getStatus();
    if ("cancelled".equals(google)) {
      return AppointmentStatus.CANCELLED;
    }
    String written = privateTag(e, STATUS_KEY);
    if (written != null) {
      try {
        AppointmentStatus ours = AppointmentStatus.valueOf(written);
        if (googleStatus(ours).equals(google)) {
          return ours;
        }
      } catch (IllegalArgumentException unknownStatus) {
        // A tag edited by hand: fall back to the table.
      }
    }
    return "tentative".equals(google) ? AppointmentStatus.SCHEDULED : AppointmentStatus.CONFIRMED;
  }
}
