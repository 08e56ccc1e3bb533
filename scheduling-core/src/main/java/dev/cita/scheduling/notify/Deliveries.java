package dev.cita.scheduling.notify;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.spi.NotificationChannel;
import dev.cita.scheduling.spi.ScheduleStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routing shared by {@link BookingNotifier} and {@link ReminderScheduler}: which (recipient,
 * channel, address) pairs a notice goes to under a tenant's preferences, and how a message is
 * built.
 */
final class Deliveries {
  private static final Logger log = LoggerFactory.getLogger(Deliveries.class);

  /** One recipient through one channel, with the address that channel needs. */
  record Delivery(
      RecipientKind recipient, NotificationChannel channel, Attendee contact, String address) {
    boolean matches(RecipientKind kind, String channelId) {
      return recipient == kind && channel.id().equals(channelId);
    }

    @Override
    public String toString() {
      return recipient
          + " via "
          + channel.id()
          + " "
          + Redaction.address(channel.addressKind(), address);
    }
  }

  private final Map<String, NotificationChannel> channels;
  private final MessageTemplates templates;
  private final @Nullable ScheduleStore schedules;
  private final AppointmentDetailsSource details;

  /**
   * @param channels by id, in registration order; @param schedules null to name services by type id
   */
  Deliveries(
      Map<String, NotificationChannel> channels,
      MessageTemplates templates,
      @Nullable ScheduleStore schedules,
      AppointmentDetailsSource details) {
    this.channels = channels;
    this.templates = templates;
    this.schedules = schedules;
    this.details = details;
  }

  /** Every delivery of a {@code kind} notice about {@code a}, in channel order per recipient. */
  List<Delivery> plan(MessageKind kind, Appointment a, NotificationPreferences prefs) {
    List<NotificationChannel> order = new ArrayList<>();
    if (prefs.channels().isEmpty()) {
      order.addAll(channels.values());
    } else {
      for (String id : prefs.channels()) {
        NotificationChannel c = channels.get(id);
        if (c == null) {
          log.debug(
              "tenant {} prefers channel '{}', which is not registered; skipped", a.tenant(), id);
        } else {
          order.add(c);
        }
      }
    }
    List<Delivery> out = new ArrayList<>();
    for (RecipientKind recipient : prefs.recipients(kind)) {
      Optional<Attendee> contact =
          switch (recipient) {
            case CUSTOMER -> Optional.of(a.attendee());
            case AGENT -> prefs.agent(a.resource());
            case OWNER -> prefs.owner();
          };
      if (contact.isEmpty()) {
        log.debug(
            "no {} contact for appointment {} of tenant {}; {} not sent to them",
            recipient,
            a.id(),
            a.tenant(),
            kind);
        continue;
      }
      for (NotificationChannel channel : order) {
        if (!prefs.uses(channel.id(), recipient)) {
          continue;
        }
        // Contacts have a phone and an e-mail; push ids belong to staff members only.
        Optional<String> address =
            switch (channel.addressKind()) {
              case PHONE -> contact.get().phone();
              case EMAIL -> contact.get().email();
              case PUSH -> Optional.empty();
            };
        address.ifPresent(addr -> out.add(new Delivery(recipient, channel, contact.get(), addr)));
      }
    }
    return out;
  }

  /** The message for one delivery; {@code context} already carries a previous start if needed. */
  OutgoingMessage message(
      Delivery d, MessageKind kind, Appointment a, MessageContext context, String idempotencyKey) {
    return message(templates, d, kind, a, context, idempotencyKey);
  }

  /** The same, rendered with {@code templates} (a tenant's own) instead of this routing's. */
  static OutgoingMessage message(
      MessageTemplates templates,
      Delivery d,
      MessageKind kind,
      Appointment a,
      MessageContext context,
      String idempotencyKey) {
    RenderedMessage rendered = templates.render(kind, d.recipient(), d.contact().locale(), context);
    return OutgoingMessage.builder()
        .tenant(a.tenant())
        .appointmentId(a.id())
        .recipient(d.recipient(), d.channel().addressKind(), d.address())
        .kind(kind)
        .content(rendered)
        .idempotencyKey(idempotencyKey)
        .event(
            kind == MessageKind.REMINDER
                ? null
                : CalendarEvent.of(a, context.serviceName(), context.details()))
        .build();
  }

  /** The context of {@code a}, with its service named after its appointment type when known. */
  MessageContext context(Appointment a) {
    return MessageContext.of(a, serviceName(a)).withDetails(detailsOf(a));
  }

  /** The application's details; a message without them beats no message. */
  private AppointmentDetails detailsOf(Appointment a) {
    try {
      AppointmentDetails found = details.detailsOf(a);
      return found == null ? AppointmentDetails.none() : found;
    } catch (RuntimeException e) {
      log.warn(
          "details of appointment {} of tenant {} unavailable, sending without them: {}",
          a.id(),
          a.tenant(),
          Redaction.error(e));
      return AppointmentDetails.none();
    }
  }

  private String serviceName(Appointment a) {
    if (schedules != null) {
      try {
        Optional<AppointmentType> type = schedules.appointmentType(a.tenant(), a.type());
        if (type.isPresent()) {
          return type.get().name();
        }
      } catch (RuntimeException e) {
        log.warn(
            "could not read appointment type {} of tenant {}; the message names the type id: {}",
            a.type(),
            a.tenant(),
            e.toString());
      }
    }
    return a.type().value();
  }
}
