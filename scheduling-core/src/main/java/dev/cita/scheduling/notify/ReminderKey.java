package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;

/**
 * Names one reminder: of this appointment, for this start, this long before it, to this recipient
 * through this channel. The start is part of the key, so moving an appointment gives it new
 * reminders and leaves the old ones to a time it no longer has; the scheduler sends a key's
 * reminder only while the appointment still starts at {@link #start()}.
 *
 * @param tenant the tenant
 * @param appointmentId the appointment
 * @param start the appointment's start the reminder is for
 * @param offset how long before the start it goes out
 * @param recipient who receives it
 * @param channel the channel id it goes through
 */
public record ReminderKey(
    TenantId tenant,
    AppointmentId appointmentId,
    Instant start,
    Duration offset,
    RecipientKind recipient,
    String channel) {
  /**
   * Checks the components.
   *
   * @param tenant the tenant
   * @param appointmentId the appointment
   * @param start the appointment's start
   * @param offset how long before the start; positive
   * @param recipient who receives it
   * @param channel the channel id; not blank, without {@code '/'}
   * @throws dev.cita.scheduling.ValidationException if a component is missing or invalid
   */
  public ReminderKey {
    Checks.notNull(tenant, "reminder.tenant");
    Checks.notNull(appointmentId, "reminder.appointmentId");
    Checks.notNull(start, "reminder.start");
    Checks.positive(offset, "reminder.offset");
    Checks.notNull(recipient, "reminder.recipient");
    Checks.notBlank(channel, "reminder.channel");
    if (channel.indexOf('/') >= 0) {
      throw new ValidationException("reminder.channel", "must not contain '/'");
    }
  }

  /**
   * A stable text form, such as {@code clinica/appt-1/1789491600/PT24H/CUSTOMER/whatsapp}: a
   * store's primary key and the messages' idempotency key. Holds no contact details.
   *
   * @return the text form
   */
  public String id() {
    return tenant.value()
        + "/"
        + appointmentId.value()
        + "/"
        + start.getEpochSecond()
        + (start.getNano() == 0 ? "" : "." + start.getNano())
        + "/"
        + offset
        + "/"
        + recipient
        + "/"
        + channel;
  }

  @Override
  public String toString() {
    return "reminder " + id();
  }
}
