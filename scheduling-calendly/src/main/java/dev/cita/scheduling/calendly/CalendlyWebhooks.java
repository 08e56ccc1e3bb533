package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.calendly.model.Invitee;
import dev.cita.scheduling.calendly.model.ScheduledEvent;
import dev.cita.scheduling.http.JsonCodec;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Calendly's webhooks for {@link dev.cita.scheduling.webhook.WebhookHandler}: verified by {@link
 * CalendlyWebhookVerifier}, read into neutral booking events with the tenant's {@link
 * CalendlyMapping}.
 *
 * <table>
 *   <caption>Mapping</caption>
 *   <tr><th>Calendly</th><th>Cita</th></tr>
 *   <tr><td>{@code invitee.created}</td><td>SCHEDULED (RESCHEDULED when it names an
 *       {@code old_invitee}, which it replaces)</td></tr>
 *   <tr><td>{@code invitee.canceled}</td><td>CANCELLED</td></tr>
 *   <tr><td>{@code invitee.canceled} with {@code rescheduled: true}</td><td>the booking now
 *       answers to {@code new_invitee} and is RESCHEDULED; not cancelled</td></tr>
 *   <tr><td>{@code invitee_no_show.created}</td><td>NO_SHOW</td></tr>
 *   <tr><td>{@code invitee_no_show.deleted}</td><td>back to SCHEDULED (RESCHEDULED if it was a
 *       rescheduled booking)</td></tr>
 *   <tr><td>anything else</td><td>acknowledged and ignored</td></tr>
 * </table>
 *
 * <p>A booking Cita made carries its appointment id in the UTM tracking ({@code
 * utm_content=cita:<id>}); events about it name that appointment ({@link
 * ProviderBookingEvent#appointmentId()}), so the echo of Cita's own booking updates the appointment
 * instead of creating a second one. The cancel Cita makes of the old booking when it moves one
 * ({@link CalendlyCalendarProvider#MOVE_REASON}) is acknowledged and ignored.
 *
 * <p>The provider id of an appointment is the <em>invitee</em> URI, not the scheduled event's: an
 * event of a group type has several invitees, each its own appointment; no-shows and cancellations
 * are per invitee; and a reschedule links the old and the new invitee ({@code old_invitee}, {@code
 * new_invitee}) in both halves, so either half alone re-keys the same appointment. The two halves
 * of a reschedule arrive in any order: the cancellation half carries no new time, so it is dated at
 * the old invitee's creation, which never makes the creation half look stale; whichever comes first
 * moves or re-keys the one appointment, and the other completes it or is ignored as older.
 */
public final class CalendlyWebhooks implements ProviderWebhooks {
  private static final JsonCodec JSON = JsonCodec.forProvider(CalendlyClient.PROVIDER);

  private final CalendlyWebhookVerifier verifier;
  private final CalendlyMappings mappings;

  private CalendlyWebhooks(CalendlyWebhookVerifier verifier, CalendlyMappings mappings) {
    this.verifier = verifier;
    this.mappings = mappings;
  }

  /**
   * Webhooks verified by {@code verifier} and mapped with each tenant's mapping.
   *
   * @param verifier checks each delivery's signature and names its tenant
   * @param mappings each tenant's Calendly users and event types as Cita resources and types
   * @return the adapter, to register with the {@code WebhookHandler}
   */
  public static CalendlyWebhooks of(CalendlyWebhookVerifier verifier, CalendlyMappings mappings) {
    return new CalendlyWebhooks(
        Checks.notNull(verifier, "verifier"), Checks.notNull(mappings, "mappings"));
  }

  @Override
  public String provider() {
    return CalendlyClient.PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    verifier.verify(request);
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    TenantId tenant = verifier.tenantOf(request);
    Wire.Envelope envelope;
    try {
      envelope = JSON.fromJson(request.body(), Wire.Envelope.class);
    } catch (ProviderException e) {
      throw new WebhookParseException("not a Calendly webhook: " + e.getMessage());
    }
    String trigger = envelope.event();
    if (trigger == null || trigger.isBlank()) {
      throw new WebhookParseException("Calendly webhook has no event");
    }
    if (!CalendlyClient.BOOKING_EVENTS.contains(trigger)) {
      return ParsedWebhook.ignored(trigger);
    }
    Invitee invitee = envelope.payload();
    if (invitee == null) {
      throw new WebhookParseException(trigger + " has no payload");
    }
    Instant sent = envelope.createdAt();
    if (trigger.equals("invitee.canceled") && isCitasMove(tenant, invitee)) {
      // Cita cancelled this booking itself, after booking the appointment's new time: the
      // appointment already is where it belongs, whether or not its new id is recorded yet.
      return ParsedWebhook.ignored(trigger);
    }
    try {
      return ParsedWebhook.of(
          trigger,
          switch (trigger) {
            case "invitee.created" -> created(tenant, invitee, sent);
            case "invitee.canceled" -> canceled(tenant, invitee, sent);
            case "invitee_no_show.created" -> noShow(tenant, invitee, sent, true);
            default -> noShow(tenant, invitee, sent, false);
          });
    } catch (SchedulingException e) {
      throw new WebhookParseException(trigger + " is not readable: " + e.getMessage());
    }
  }

  /** A cancel Cita made while moving one of its own bookings (tagged, with Cita's move reason). */
  private static boolean isCitasMove(TenantId tenant, Invitee invitee) {
    return invitee.cancellation() != null
        && CalendlyCalendarProvider.MOVE_REASON.equals(invitee.cancellation().reason())
        && CitaTag.appointmentOf(invitee.tracking(), tenant).isPresent();
  }

  private ProviderBookingEvent created(TenantId tenant, Invitee invitee, Instant sent) {
    Optional<String> old = invitee.oldInviteeUri();
    ProviderBookingEvent.Builder e =
        booking(
            tenant,
            invitee,
            old.isPresent() ? AppointmentStatus.RESCHEDULED : AppointmentStatus.SCHEDULED,
            first(invitee.createdAt(), sent));
    old.ifPresent(e::previousExternalId);
    withTime(e, invitee);
    return e.build();
  }

  private ProviderBookingEvent canceled(TenantId tenant, Invitee invitee, Instant sent) {
    Optional<String> replacement = invitee.newInviteeUri();
    if (invitee.wasRescheduled() && replacement.isPresent()) {
      // The first half of a reschedule: the booking now answers to the new invitee. Its new time
      // comes with invitee.created; dated at the old invitee's creation so that it never makes
      // that event look older than what it already applied.
      return ProviderBookingEvent.builder(
              CalendlyClient.PROVIDER,
              tenant,
              replacement.get(),
              AppointmentStatus.RESCHEDULED,
              first(invitee.createdAt(), sent))
          .previousExternalId(uri(invitee))
          .appointmentId(CitaTag.appointmentOf(invitee.tracking(), tenant).orElse(null))
          .tagSignature(CitaTag.signatureOf(invitee.tracking()))
          .build();
    }
    Instant at =
        first(
            invitee.cancellation() == null ? null : invitee.cancellation().createdAt(),
            invitee.updatedAt(),
            sent);
    ProviderBookingEvent.Builder e = booking(tenant, invitee, AppointmentStatus.CANCELLED, at);
    withTime(e, invitee);
    return e.build();
  }

  private ProviderBookingEvent noShow(
      TenantId tenant, Invitee invitee, Instant sent, boolean created) {
    // The payload is the invitee, with its no_show; the invitee URI keys the appointment.
    String inviteeUri = uri(invitee);
    if (!inviteeUri.contains("/invitees/")) {
      throw new WebhookParseException("no-show payload is not an invitee");
    }
    AppointmentStatus status =
        created
            ? AppointmentStatus.NO_SHOW
            : invitee.oldInviteeUri().isPresent()
                ? AppointmentStatus.RESCHEDULED
                : AppointmentStatus.SCHEDULED;
    Instant at =
        created
            ? first(invitee.noShow() == null ? null : invitee.noShow().createdAt(), sent)
            : first(sent, invitee.updatedAt());
    return ProviderBookingEvent.builder(CalendlyClient.PROVIDER, tenant, inviteeUri, status, at)
        .build();
  }

  private ProviderBookingEvent.Builder booking(
      TenantId tenant, Invitee invitee, AppointmentStatus status, Instant at) {
    ProviderBookingEvent.Builder e =
        ProviderBookingEvent.builder(CalendlyClient.PROVIDER, tenant, uri(invitee), status, at);
    attendee(invitee).ifPresent(e::attendee);
    zone(invitee.timezone()).ifPresent(e::displayZone);
    CitaTag.appointmentOf(invitee.tracking(), tenant).ifPresent(e::appointmentId);
    e.tagSignature(
        CitaTag.signatureOf(
            invitee.tracking())); // verified by the core before the tag links anything
    ScheduledEvent event = invitee.scheduledEvent();
    Optional<CalendlyMapping> mapping = mappings.forTenant(tenant);
    if (event != null && mapping.isPresent()) {
      mapping.get().typeOf(event.eventType()).ifPresent(e::type);
      mapping.get().resourceOf(event.eventType(), event.hostUris()).ifPresent(e::resource);
    }
    return e;
  }

  private static void withTime(ProviderBookingEvent.Builder e, Invitee invitee) {
    ScheduledEvent event = invitee.scheduledEvent();
    if (event != null
        && event.startTime() != null
        && event.endTime() != null
        && event.endTime().isAfter(event.startTime())) {
      e.time(event.startTime(), event.endTime());
    }
  }

  private static String uri(Invitee invitee) {
    if (invitee.uri() == null || invitee.uri().isBlank()) {
      throw new WebhookParseException("payload has no invitee uri");
    }
    return invitee.uri();
  }

  /** The attendee as far as the payload tells; an e-mail Cita cannot accept is left out. */
  private static Optional<Attendee> attendee(Invitee invitee) {
    String name =
        invitee.name() != null && !invitee.name().isBlank()
            ? invitee.name()
            : String.join(" ", List.of(nz(invitee.firstName()), nz(invitee.lastName())));
    name = Attendee.printableName(name); // a newline in a name is not refused
    if (name.isBlank()) {
      return Optional.empty();
    }
    Attendee.Builder a = Attendee.builder(name);
    zone(invitee.timezone()).ifPresent(a::zone);
    try {
      return Optional.of(a.email(invitee.email()).build());
    } catch (SchedulingException badEmail) {
      return Optional.of(a.email(null).build());
    }
  }

  private static Optional<ZoneId> zone(String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }

  private static Instant first(@Nullable Instant... candidates) {
    for (Instant i : candidates) {
      if (i != null) {
        return i;
      }
    }
    throw new WebhookParseException("webhook carries no timestamp");
  }

  @Override
  public String toString() {
    return "CalendlyWebhooks{" + verifier + '}';
  }
}
