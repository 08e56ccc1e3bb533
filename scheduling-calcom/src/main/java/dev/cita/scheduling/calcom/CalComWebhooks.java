package dev.cita.scheduling.calcom;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.JsonCodec;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.AppointmentId;
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
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cal.com webhooks for the core {@code WebhookHandler}: verified by {@link CalComWebhookVerifier}
 * (tenant from the URL, that tenant's secret), then read into neutral booking events with this
 * table, tested row by row:
 *
 * <table>
 *   <caption>Cal.com trigger → Cita status</caption>
 *   <tr><th>trigger</th><th>status</th></tr>
 *   <tr><td>{@code BOOKING_CREATED}</td><td>SCHEDULED</td></tr>
 *   <tr><td>{@code BOOKING_REQUESTED}</td><td>REQUESTED</td></tr>
 *   <tr><td>{@code BOOKING_RESCHEDULED}</td><td>RESCHEDULED, the new uid replacing {@code rescheduleUid}</td></tr>
 *   <tr><td>{@code BOOKING_CANCELLED}</td><td>CANCELLED</td></tr>
 *   <tr><td>{@code BOOKING_REJECTED}</td><td>CANCELLED</td></tr>
 *   <tr><td>{@code BOOKING_NO_SHOW_UPDATED}</td><td>NO_SHOW when an attendee is marked absent,
 *       else back to SCHEDULED (a plain "booked" that keeps a more specific active status)</td></tr>
 *   <tr><td>{@code MEETING_ENDED}</td><td>COMPLETED, or NO_SHOW when every attendee is marked absent
 *       (wrapped in {@code payload} or not, see {@link #parse})</td></tr>
 *   <tr><td>{@code AFTER_GUESTS_CAL_VIDEO_NO_SHOW}</td><td>NO_SHOW (when it names the booking uid)</td></tr>
 *   <tr><td>{@code MEETING_STARTED}, {@code AFTER_HOSTS_CAL_VIDEO_NO_SHOW}</td><td>acknowledged and ignored</td></tr>
 *   <tr><td>anything else</td><td>acknowledged and ignored</td></tr>
 * </table>
 *
 * <p>Bookings of an event type the tenant maps ({@link EventTypeMapping}) carry the resource, type
 * and attendee, so a booking made on Cal.com becomes a Cita appointment. Bookings Cita made itself
 * carry its tag in their metadata ({@value CalComCalendarProvider#APPOINTMENT_KEY} and {@value
 * CalComCalendarProvider#TENANT_KEY}): when the tag names the tenant of the webhook URL, the event
 * carries that {@link ProviderBookingEvent#appointmentId() appointment id}, so the core links it to
 * the appointment even before the sync worker stored the uid (the echo of Cita's own create records
 * the uid instead of making a duplicate; a cancel made on Cal.com in that window cancels the
 * appointment). The tag links only when its signature ({@value
 * CalComCalendarProvider#SIGNATURE_KEY}, see {@code AppointmentTagSigner}) verifies in the core's
 * pipeline: a tag anyone typed on a public booking page links nothing. Such events carry no
 * resource, type or attendee: Cita owns that appointment's data, and a tag naming an appointment
 * that does not exist never creates one. A tag naming another tenant is not trusted and the booking
 * is read as one made on Cal.com. The event time is the envelope's {@code createdAt}, so an older
 * delivery arriving late never overwrites a newer one (a scheduled trigger sent without its
 * envelope is dated when it fires: the meeting's end or start).
 */
public final class CalComWebhooks implements ProviderWebhooks {
  private static final JsonCodec JSON = JsonCodec.forProvider(CalComClient.PROVIDER);
  private static final Logger log = LoggerFactory.getLogger(CalComWebhooks.class);

  /**
   * Triggers Cal.com schedules for later, sent without the booking triggers' envelope in some
   * versions.
   */
  private static final Set<String> SCHEDULED_TRIGGERS =
      Set.of(
          "MEETING_ENDED",
          "MEETING_STARTED",
          "AFTER_HOSTS_CAL_VIDEO_NO_SHOW",
          "AFTER_GUESTS_CAL_VIDEO_NO_SHOW");

  private final CalComWebhookVerifier verifier;
  private final CalComTenants tenants;

  private CalComWebhooks(CalComWebhookVerifier verifier, CalComTenants tenants) {
    this.verifier = Checks.notNull(verifier, "verifier");
    this.tenants = Checks.notNull(tenants, "tenants");
  }

  /**
   * Webhooks whose URLs name the tenant in {@code ?tenant=}.
   *
   * @param tenants each tenant's webhook signing and event type mapping
   * @return the adapter, to register with the {@code WebhookHandler}
   */
  public static CalComWebhooks create(CalComTenants tenants) {
    return new CalComWebhooks(CalComWebhookVerifier.create(tenants), tenants);
  }

  /**
   * Webhooks verified by {@code verifier} (for another tenant query parameter).
   *
   * @param tenants each tenant's webhook signing and event type mapping
   * @param verifier the verifier, built on the same tenants
   * @return the adapter, to register with the {@code WebhookHandler}
   */
  public static CalComWebhooks create(CalComTenants tenants, CalComWebhookVerifier verifier) {
    return new CalComWebhooks(verifier, tenants);
  }

  @Override
  public String provider() {
    return CalComClient.PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    verifier.verify(request);
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    TenantId tenant =
        verifier
            .tenantOf(request)
            .orElseThrow(() -> new WebhookParseException("the webhook URL names no tenant"));
    CalComTenant config =
        tenants
            .find(tenant)
            .orElseThrow(
                () -> new WebhookParseException("tenant " + tenant + " has not connected Cal.com"));
    Envelope envelope = read(request.body(), Envelope.class);
    String trigger = envelope.triggerEvent();
    if (trigger == null || trigger.isBlank()) {
      throw new WebhookParseException("no triggerEvent");
    }
    if (SCHEDULED_TRIGGERS.contains(trigger)) {
      return scheduled(trigger, config, envelope, request.body());
    }
    Payload p = envelope.payload();
    if (p == null) {
      throw new WebhookParseException(trigger + " has no payload");
    }
    if (envelope.createdAt() == null) {
      throw new WebhookParseException(trigger + " has no createdAt");
    }
    Instant at = envelope.createdAt();
    return switch (trigger) {
      case "BOOKING_CREATED" -> booking(trigger, config, p, at, AppointmentStatus.SCHEDULED, true);
      case "BOOKING_REQUESTED" ->
          booking(trigger, config, p, at, AppointmentStatus.REQUESTED, true);
      case "BOOKING_RESCHEDULED" ->
          booking(trigger, config, p, at, AppointmentStatus.RESCHEDULED, true);
      case "BOOKING_CANCELLED", "BOOKING_REJECTED" ->
          booking(trigger, config, p, at, AppointmentStatus.CANCELLED, false);
      case "BOOKING_NO_SHOW_UPDATED" -> noShow(trigger, config, p, at);
      default -> ParsedWebhook.ignored(trigger);
    };
  }

  /**
   * A trigger Cal.com schedules for later (the meeting's start or end, or a Cal Video no-show
   * check). Cal.com has sent these in two shapes: stored as {@code {triggerEvent, ...booking}} with
   * no {@code payload} wrapper (its {@code createdAt} is then the booking's, not the delivery's:
   * {@code packages/features/webhooks/lib/scheduleTrigger.ts}), and wrapped as {@code
   * {triggerEvent, createdAt, payload: booking}} by newer versions ({@code MeetingPayloadBuilder},
   * {@code tasker/tasks/triggerNoShow/common.ts}). Without a delivery time, the event is dated when
   * the trigger fires: the meeting's end or start.
   */
  private static ParsedWebhook scheduled(
      String trigger, CalComTenant config, Envelope envelope, byte[] body) {
    boolean wrapped = envelope.payload() != null;
    Payload p = wrapped ? envelope.payload() : read(body, Payload.class);
    switch (trigger) {
      case "MEETING_ENDED" -> {
        Instant at =
            wrapped && envelope.createdAt() != null
                ? envelope.createdAt()
                : required(p.endTime(), trigger, "endTime");
        return booking(
            trigger,
            config,
            p,
            at,
            allAbsent(p.attendees()) ? AppointmentStatus.NO_SHOW : AppointmentStatus.COMPLETED,
            false);
      }
      case "AFTER_GUESTS_CAL_VIDEO_NO_SHOW" -> {
        String uid = p.bookingUid() != null ? p.bookingUid() : p.uid();
        if (uid == null || uid.isBlank()) {
          // Some versions send only the numeric bookingId; appointments are keyed by uid.
          log.debug("Cal.com {} names no booking uid; ignoring it", trigger);
          return ParsedWebhook.ignored(trigger);
        }
        Instant at =
            envelope.createdAt() != null
                ? envelope.createdAt()
                : required(p.startTime(), trigger, "startTime");
        return ParsedWebhook.of(
            trigger,
            build(
                ProviderBookingEvent.builder(
                    CalComClient.PROVIDER, config.tenant(), uid, AppointmentStatus.NO_SHOW, at),
                trigger));
      }
      default -> {
        // MEETING_STARTED changes no Cita status; a host who skipped the call is not the customer's
        // no-show.
        return ParsedWebhook.ignored(trigger);
      }
    }
  }

  private static <T> T read(byte[] body, Class<T> type) {
    try {
      return JSON.fromJson(body, type);
    } catch (ProviderException e) {
      throw new WebhookParseException("unreadable Cal.com webhook body: " + e.getMessage());
    }
  }

  private static ParsedWebhook booking(
      String trigger,
      CalComTenant config,
      Payload p,
      Instant at,
      AppointmentStatus status,
      boolean mayCreate) {
    String uid = required(p.uid(), trigger, "payload.uid");
    ProviderBookingEvent.Builder event =
        ProviderBookingEvent.builder(CalComClient.PROVIDER, config.tenant(), uid, status, at);
    if (p.startTime() != null && p.endTime() != null) {
      event.time(p.startTime(), p.endTime());
    }
    if (status == AppointmentStatus.RESCHEDULED) {
      String previous =
          p.rescheduleUid() != null
              ? p.rescheduleUid()
              : p.originalRescheduledBooking() == null
                  ? null
                  : p.originalRescheduledBooking().uid();
      if (previous != null && !previous.isBlank() && !previous.equals(uid)) {
        event.previousExternalId(previous);
      }
    }
    Optional<AppointmentId> ours = citaTag(p, config.tenant(), uid);
    ours.ifPresent(event::appointmentId);
    if (ours.isPresent()
        && p.metadata().get(CalComCalendarProvider.SIGNATURE_KEY) instanceof String signature) {
      event.tagSignature(signature); // verified by the core before the tag links anything
    }
    if (mayCreate && ours.isEmpty() && p.eventTypeId() != null) {
      config
          .eventType(p.eventTypeId())
          .ifPresent(
              m -> {
                event.resource(m.resource()).type(m.type());
                attendee(p, config).ifPresent(event::attendee);
                event.displayZone(
                    zone(p.organizer() == null ? null : p.organizer().timeZone())
                        .orElse(config.zone()));
              });
    }
    return ParsedWebhook.of(trigger, build(event, trigger));
  }

  /**
   * The appointment a booking Cita made belongs to, read from the tag it wrote in the booking's
   * metadata. The tag is trusted only when it names the tenant whose URL (and secret) the webhook
   * came through: another tenant's tag on this account is not this tenant's appointment.
   */
  private static Optional<AppointmentId> citaTag(Payload p, TenantId tenant, String uid) {
    if (p.metadata() == null) {
      return Optional.empty();
    }
    Object id = p.metadata().get(CalComCalendarProvider.APPOINTMENT_KEY);
    if (!(id instanceof String value) || value.isBlank()) {
      return Optional.empty();
    }
    Object taggedTenant = p.metadata().get(CalComCalendarProvider.TENANT_KEY);
    if (!tenant.value().equals(taggedTenant)) {
      log.debug(
          "Cal.com booking {} carries a Cita tag of another tenant than {}; treating it as made on"
              + " Cal.com",
          LogSafe.escape(uid),
          tenant);
      return Optional.empty();
    }
    try {
      return Optional.of(AppointmentId.of(value));
    } catch (ValidationException e) {
      log.debug(
          "Cal.com booking {} carries an unusable Cita appointment id; ignoring the tag",
          LogSafe.escape(uid));
      return Optional.empty();
    }
  }

  private static ParsedWebhook noShow(String trigger, CalComTenant config, Payload p, Instant at) {
    String uid =
        required(p.bookingUid() != null ? p.bookingUid() : p.uid(), trigger, "payload.bookingUid");
    boolean absent =
        p.attendees() != null
            && p.attendees().stream().anyMatch(a -> Boolean.TRUE.equals(a.noShow()));
    // Reverting: SCHEDULED is "booked", which the applier turns back from NO_SHOW and which never
    // downgrades a CONFIRMED or RESCHEDULED appointment.
    AppointmentStatus status = absent ? AppointmentStatus.NO_SHOW : AppointmentStatus.SCHEDULED;
    return ParsedWebhook.of(
        trigger,
        build(
            ProviderBookingEvent.builder(CalComClient.PROVIDER, config.tenant(), uid, status, at),
            trigger));
  }

  private static ProviderBookingEvent build(ProviderBookingEvent.Builder event, String trigger) {
    try {
      return event.build();
    } catch (ValidationException e) {
      throw new WebhookParseException(trigger + ": " + e.getMessage());
    }
  }

  private static boolean allAbsent(List<WebhookAttendee> attendees) {
    return attendees != null
        && !attendees.isEmpty()
        && attendees.stream().allMatch(a -> Boolean.TRUE.equals(a.noShow()));
  }

  private static Optional<Attendee> attendee(Payload p, CalComTenant config) {
    if (p.attendees() == null || p.attendees().isEmpty()) {
      return Optional.empty();
    }
    WebhookAttendee a = p.attendees().get(0);
    String name =
        a.name() == null
            ? ""
            : Attendee.printableName(a.name()); // a newline in a name is not refused
    if (name.isEmpty()) {
      return Optional.empty();
    }
    Attendee.Builder b = Attendee.builder(name);
    if (a.email() != null && !a.email().isBlank()) {
      b.email(a.email());
    }
    if (a.phoneNumber() != null && !a.phoneNumber().isBlank()) {
      b.phone(a.phoneNumber());
    }
    zone(a.timeZone()).ifPresent(b::zone);
    language(a.language()).ifPresent(l -> b.locale(Locale.forLanguageTag(l)));
    try {
      return Optional.of(b.build());
    } catch (ValidationException e) {
      // A contact Cita cannot store (an odd phone format): keep the booking, drop the bad field.
      return Optional.of(Attendee.builder(name).locale(Locale.forLanguageTag("es")).build());
    }
  }

  /** Cal.com sends the language as {@code {"locale": "es"}} in webhooks, as text elsewhere. */
  private static Optional<String> language(JsonNode language) {
    if (language == null || language.isNull()) {
      return Optional.empty();
    }
    String tag = language.isTextual() ? language.asText() : language.path("locale").asText("");
    return tag.isBlank() ? Optional.empty() : Optional.of(tag);
  }

  private static Optional<ZoneId> zone(@Nullable String id) {
    if (id == null || id.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ZoneId.of(id));
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  private static <T> T required(T value, String trigger, String field) {
    if (value == null || value instanceof String text && text.isBlank()) {
      throw new WebhookParseException(trigger + " has no " + field);
    }
    return value;
  }

  @Override
  public String toString() {
    return "CalComWebhooks{" + verifier + "}";
  }

  /** {@code {triggerEvent, createdAt, payload}}. */
  record Envelope(String triggerEvent, Instant createdAt, Payload payload) {}

  /** The payload fields Cita reads; the rest are ignored. */
  record Payload(
      String uid,
      String bookingUid,
      Long bookingId,
      Long eventTypeId,
      Instant startTime,
      Instant endTime,
      Organizer organizer,
      List<WebhookAttendee> attendees,
      String rescheduleUid,
      Original originalRescheduledBooking,
      String status,
      Map<String, Object> metadata) {}

  /** The organizer. */
  record Organizer(String email, String timeZone) {}

  /** An attendee as webhooks send it ({@code noShow} in no-show updates). */
  record WebhookAttendee(
      String name,
      String email,
      String phoneNumber,
      String timeZone,
      JsonNode language,
      Boolean noShow) {}

  /** The booking a reschedule replaced, in payloads that carry it. */
  record Original(String uid) {}
}
