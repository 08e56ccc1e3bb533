package dev.cita.scheduling.notify;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.ScheduleStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one delivery plan of change notices, shared by {@link BookingNotifier} (after the commit,
 * best effort) and {@link NotificationWorker} (from the queue, exactly once): every message a
 * notice goes out as, to the customer and the contacts of the tenant's preferences and to its staff
 * members, each with the stable key of its (appointment, version, kind, recipient, channel).
 */
final class NoticeSends {
  private static final Logger log = LoggerFactory.getLogger(NoticeSends.class);

  /**
   * One message on one channel; rendered when asked, since rendering may fail on its own.
   *
   * @param key the delivery's stable key, also the message's idempotency key
   * @param to who it is for, without the address (for logs and errors)
   */
  record Send(
      String key, NotificationChannel channel, String to, Supplier<OutgoingMessage> message) {
    @Override
    public String toString() {
      return to + " via " + channel.id();
    }
  }

  private final Map<String, NotificationChannel> channels;
  private final Deliveries deliveries;

  /**
   * @param channels by id, in registration order; @param schedules null to name services by id
   */
  NoticeSends(
      Map<String, NotificationChannel> channels,
      @Nullable ScheduleStore schedules,
      AppointmentDetailsSource details) {
    this.channels = channels;
    this.deliveries = new Deliveries(channels, MessageTemplates.standard(), schedules, details);
  }

  /** The facts the texts show, with a reschedule's previous start when there is one. */
  MessageContext context(Appointment a, @Nullable Instant previousStart) {
    MessageContext context = deliveries.context(a);
    return previousStart == null ? context : context.withPreviousStart(previousStart);
  }

  /**
   * Every message of the notice {@code event} about {@code a}: the contacts' (by {@code prefs}),
   * then the staff's (by {@link StaffRecipients#resolve}).
   */
  List<Send> plan(
      StaffRecipients.Event event,
      Appointment a,
      MessageContext context,
      MessageTemplates templates,
      NotificationPreferences prefs,
      List<StaffMember> staff) {
    MessageKind kind = event.kind();
    List<Send> out = new ArrayList<>();
    for (Deliveries.Delivery d : deliveries.plan(kind, a, prefs)) {
      String key =
          a.tenant().value()
              + "/"
              + a.id().value()
              + "/v"
              + event.version()
              + "/"
              + kind.name().toLowerCase(Locale.ROOT)
              + "/"
              + d.recipient()
              + "/"
              + d.channel().id();
      out.add(
          new Send(
              key,
              d.channel(),
              d.recipient().name(),
              () -> Deliveries.message(templates, d, kind, a, context, key)));
    }
    for (StaffRecipients.Delivery d : StaffRecipients.resolve(event, staff, prefs)) {
      NotificationChannel channel = channels.get(d.channel());
      if (channel == null) {
        log.debug(
            "staff channel '{}' of tenant {} is not registered; {} skipped",
            d.channel(),
            a.tenant(),
            d);
        continue;
      }
      out.add(
          new Send(
              d.key(),
              channel,
              "staff " + d.member().id(),
              () -> staffMessage(templates, channel, d, a, context)));
    }
    return out;
  }

  private static OutgoingMessage staffMessage(
      MessageTemplates templates,
      NotificationChannel channel,
      StaffRecipients.Delivery d,
      Appointment a,
      MessageContext context) {
    RecipientKind recipient =
        d.member().role() == StaffRole.AGENT ? RecipientKind.AGENT : RecipientKind.OWNER;
    return OutgoingMessage.builder()
        .tenant(a.tenant())
        .appointmentId(a.id())
        .recipient(recipient, channel.addressKind(), d.address())
        .kind(d.kind())
        .content(templates.render(d.kind(), recipient, d.member().locale(), context))
        .idempotencyKey(d.key())
        .event(CalendarEvent.of(a, context.serviceName(), context.details()))
        .build();
  }
}
