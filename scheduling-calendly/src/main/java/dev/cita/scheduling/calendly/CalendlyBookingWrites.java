package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.model.CreateInviteeRequest;
import dev.cita.scheduling.calendly.model.Invitee;
import dev.cita.scheduling.calendly.model.ScheduledEvent;
import dev.cita.scheduling.calendly.model.ScheduledEventQuery;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.AppointmentTagSigner;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The write side of {@link CalendlyCalendarProvider}: books, moves (book the new time, then cancel
 * the old), cancels and marks no-shows of an appointment's Calendly booking, each looking before it
 * writes so a retry never books twice. The provider's Javadoc says how each maps to Calendly's API.
 */
final class CalendlyBookingWrites {
  private static final Logger log = LoggerFactory.getLogger(CalendlyBookingWrites.class);

  private final CalendlyClient client;
  private final CalendlyMappings mappings;
  private final String cancelReason;
  private final AppointmentTagSigner tagSigner;

  CalendlyBookingWrites(
      CalendlyClient client,
      CalendlyMappings mappings,
      String cancelReason,
      AppointmentTagSigner tagSigner) {
    this.client = client;
    this.mappings = mappings;
    this.cancelReason = cancelReason;
    this.tagSigner = tagSigner;
  }

  String create(Appointment appointment) {
    Checks.notNull(appointment, "appointment");
    return book(appointment);
  }

  /**
   * The invitee URI of this appointment's booking at its current time: the one Calendly already has
   * (looked up first), else a new one made with {@code POST /invitees}.
   */
  private String book(Appointment appointment) {
    TenantId tenant = appointment.tenant();
    CalendlyMapping mapping = mapping(tenant);
    String eventType =
        mapping
            .eventTypeFor(appointment.resource(), appointment.type())
            .orElseThrow(
                () ->
                    new ValidationException(
                        "appointment.type",
                        "no Calendly event type is mapped for "
                            + appointment.type()
                            + " of "
                            + appointment.resource()));
    String email =
        appointment
            .attendee()
            .email()
            .orElseThrow(
                () ->
                    new ValidationException(
                        "attendee.email", "Calendly needs the invitee's e-mail"));
    Optional<String> existing = findBooking(appointment, mapping, eventType, email);
    if (existing.isPresent()) {
      log.info(
          "Calendly booking for appointment {} at {} already exists; not booking again",
          appointment.id(),
          appointment.start());
      return existing.get();
    }
    ZoneId zone = appointment.attendee().zone().orElse(appointment.displayZone());
    CreateInviteeRequest.Builder builder =
        CreateInviteeRequest.builder(eventType, appointment.start())
            .invitee(appointment.attendee().name(), email, zone)
            .tracking(CitaTag.of(tenant, appointment.id(), tagSigner));
    BookingForm.fill(client.eventType(tenant, eventType), appointment, builder);
    CreateInviteeRequest request = builder.build();
    try {
      return client.createInvitee(tenant, request).uri();
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) == 403) {
        throw permissionDenied(appointment, e);
      }
      if (e.httpStatus().isPresent()) {
        throw e; // Calendly answered: nothing was booked (a 429 carries X-RateLimit-Reset as
        // retryAfter)
      }
      // Sent, but the answer was lost: Calendly may have booked it.
      Optional<String> made;
      try {
        made = findBooking(appointment, mapping, eventType, email);
      } catch (ProviderException lookup) {
        e.addSuppressed(lookup);
        made = Optional.empty();
      }
      if (made.isPresent()) {
        return made.get();
      }
      throw ProviderException.retryableOutcomeUnknown(
          CalendlyClient.PROVIDER,
          "booking appointment "
              + appointment.id()
              + " on Calendly had no answer; the next attempt looks it up "
              + "before booking again",
          e);
    }
  }

  /**
   * A 403 on {@code POST /invitees}: Calendly's Scheduling API needs the {@code
   * scheduled_events:write} scope, and on accounts whose plan does not include it a paid plan
   * ({@code 403 Permission Denied}, "Please upgrade to a paid Calendly account."). Neither changes
   * by retrying, so the failure is final and names what is missing.
   */
  private ProviderException permissionDenied(Appointment appointment, ProviderException e) {
    String detail = e.getMessage() == null ? "" : e.getMessage().toLowerCase(Locale.ROOT);
    String missing =
        detail.contains("upgrade") || detail.contains("paid") || detail.contains("plan")
            ? "a paid Calendly plan (Calendly: \"Please upgrade to a paid Calendly account.\")"
            : "the scheduled_events:write scope (connect the tenant again granting it) or, on"
                + " accounts whose plan lacks the Scheduling API, a paid Calendly plan";
    return new ProviderException(
        CalendlyClient.PROVIDER,
        403,
        "permission_denied",
        null,
        false,
        "Calendly refused to book appointment "
            + appointment.id()
            + " with POST /invitees (403 Permission Denied): it needs "
            + missing,
        e);
  }

  /** The invitee URI of an active booking of this appointment, if Calendly has one. */
  private Optional<String> findBooking(
      Appointment appointment, CalendlyMapping mapping, String eventType, String email) {
    TenantId tenant = appointment.tenant();
    ScheduledEventQuery.Builder query =
        mapping
            .hostOf(appointment.resource())
            .map(ScheduledEventQuery::forUser)
            .orElseGet(
                () ->
                    ScheduledEventQuery.forOrganization(
                        client.currentUser(tenant).currentOrganization()));
    List<ScheduledEvent> events =
        client.scheduledEvents(
            tenant,
            query
                .active()
                .inviteeEmail(email)
                .startingBetween(appointment.start(), appointment.start().plusSeconds(1))
                .build());
    for (ScheduledEvent e : events) {
      if (!eventType.equals(e.eventType())
          || !appointment.start().equals(e.startTime())
          || !e.isActive()) {
        continue;
      }
      for (Invitee i : client.invitees(tenant, e.uri(), email)) {
        if (CitaTag.anyAppointment(i.tracking())
            .filter(other -> !other.equals(appointment.id()))
            .isPresent()) {
          continue; // Cita booked that one for another appointment of the same person
        }
        if (i.isActive()
            && i.email() != null
            && i.email().toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))
            && i.uri() != null) {
          return Optional.of(i.uri());
        }
      }
    }
    return Optional.empty();
  }

  /** Always fails without retry (see {@link CalendlyCalendarProvider#updateEvent}). */
  void update(Appointment appointment, String externalId) {
    throw new ProviderException(
        CalendlyClient.PROVIDER,
        0,
        null,
        null,
        false,
        "Calendly's API cannot move a booking in place; moveEvent books the new time and cancels"
            + " the old one",
        null);
  }

  /**
   * Books the new time, then cancels the old booking (see {@link
   * CalendlyCalendarProvider#moveEvent}).
   */
  Optional<String> move(Appointment appointment, String externalId) {
    Checks.notNull(appointment, "appointment");
    String oldEvent = eventUriOf(externalId);
    requireSoleInvitee(
        appointment, oldEvent); // before booking: a refused move must leave nothing behind
    String booked = book(appointment);
    if (booked.equals(externalId)) {
      return Optional.empty();
    }
    if (eventUriOf(booked).equals(oldEvent)) {
      // Another invitee of the same (group) event: cancelling that event would cancel the new seat
      // too.
      log.warn(
          "Appointment {} moved to another seat of Calendly event {}; the old seat is left for the"
              + " host",
          appointment.id(),
          oldEvent);
      return Optional.of(booked);
    }
    try {
      cancelScheduledEvent(appointment.tenant(), oldEvent, CalendlyCalendarProvider.MOVE_REASON);
    } catch (ProviderException e) {
      // Both bookings hold time on Calendly now: always worth another attempt, which finds the
      // new booking (no third one) and cancels the old one again.
      throw new ProviderException(
          CalendlyClient.PROVIDER,
          e.httpStatus().orElse(0),
          e.providerCode().orElse(null),
          null,
          true,
          "moving appointment "
              + appointment.id()
              + ": the new time is booked on Calendly, but cancelling the old "
              + "booking failed; the next attempt cancels it",
          e,
          e.retryAfter().orElse(null));
    }
    log.info(
        "Moved appointment {} on Calendly: booked the new time, cancelled the old booking",
        appointment.id());
    return Optional.of(booked);
  }

  void cancel(Appointment appointment, String externalId) {
    Checks.notNull(appointment, "appointment");
    String eventUri = eventUriOf(externalId);
    requireSoleInvitee(appointment, eventUri);
    cancelScheduledEvent(appointment.tenant(), eventUri, cancelReason);
  }

  /**
   * Refuses to touch an event that other active invitees share. Calendly's API cancels whole events
   * ({@code POST /scheduled_events/{uuid}/cancellation} "cancels specified event"), and has no call
   * that cancels one invitee of a group event, so cancelling this appointment's booking would
   * cancel everyone else's. An event that is gone or already cancelled passes (there is nothing to
   * cancel).
   */
  private void requireSoleInvitee(Appointment appointment, String eventUri) {
    ScheduledEvent event;
    try {
      event = client.scheduledEvent(appointment.tenant(), eventUri);
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) == 404) {
        return;
      }
      throw e;
    }
    ScheduledEvent.InviteesCounter counter = event.inviteesCounter();
    if (event.isActive() && counter != null && counter.active() != null && counter.active() > 1) {
      throw new ValidationException(
          "externalId",
          "Calendly event "
              + eventUri
              + " has "
              + counter.active()
              + " active invitees and Calendly's API cancels whole events, not one invitee:"
              + " cancelling or moving appointment "
              + appointment.id()
              + " there would cancel the others too; cancel this invitee in"
              + " Calendly (its cancel link) instead");
    }
  }

  /** Cancels a scheduled event; one that is already cancelled or gone is fine. */
  private void cancelScheduledEvent(TenantId tenant, String eventUri, String reason) {
    try {
      client.cancelEvent(tenant, eventUri, reason);
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status == 404) {
        return; // gone
      }
      if (status >= 400 && status < 500) {
        ScheduledEvent event = client.scheduledEvent(tenant, eventUri);
        if (!event.isActive()) {
          return; // already cancelled, e.g. by an earlier attempt whose answer was lost
        }
      }
      throw e;
    }
  }

  void markNoShow(Appointment appointment, String externalId) {
    Checks.notNull(appointment, "appointment");
    Checks.notBlank(externalId, "externalId");
    try {
      client.markNoShow(appointment.tenant(), externalId);
    } catch (ProviderException e) {
      int status = e.httpStatus().orElse(0);
      if (status >= 400 && status < 500) {
        for (Invitee i : client.invitees(appointment.tenant(), eventUriOf(externalId))) {
          if (externalId.equals(i.uri()) && i.noShow() != null) {
            return; // already marked
          }
        }
      }
      throw e;
    }
  }

  /**
   * The scheduled event of an invitee URI ({@code …/scheduled_events/E/invitees/I} → {@code
   * …/scheduled_events/E}).
   */
  static String eventUriOf(String inviteeUri) {
    Checks.notBlank(inviteeUri, "externalId");
    int at = inviteeUri.indexOf("/invitees/");
    if (at < 0) {
      throw new ValidationException("externalId", "is not a Calendly invitee URI");
    }
    return inviteeUri.substring(0, at);
  }

  CalendlyMapping mapping(TenantId tenant) {
    return mappings
        .forTenant(Checks.notNull(tenant, "tenant"))
        .orElseThrow(() -> new ValidationException("tenant", "has no Calendly mapping"));
  }
}
