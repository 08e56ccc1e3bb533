package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The facts a message template needs: the customer's name, the service (appointment type) name, the
 * start and the zone it is shown in (the business's, {@link Appointment#displayZone()}), for a
 * reschedule notice the previous start, and the {@link AppointmentDetails} the application adds
 * (branch, address, professional, manage link).
 */
public final class MessageContext {
  private final String customerName;
  private final String serviceName;
  private final Instant start;
  private final ZoneId zone;
  private final @Nullable Instant previousStart;
  private final AppointmentDetails details;

  private MessageContext(
      String customerName,
      String serviceName,
      Instant start,
      ZoneId zone,
      @Nullable Instant previousStart,
      AppointmentDetails details) {
    this.customerName = Checks.notBlank(customerName, "customerName");
    this.serviceName = Checks.notBlank(serviceName, "serviceName");
    this.start = Checks.notNull(start, "start");
    this.zone = Checks.notNull(zone, "zone");
    this.previousStart = previousStart;
    this.details = Checks.notNull(details, "details");
  }

  /**
   * The context of a notice given field by field.
   *
   * @param customerName the customer's name as shown in the message
   * @param serviceName the appointment type's name, e.g. {@code "Consulta general"}
   * @param start the appointment's start
   * @param zone the zone its times are shown in
   * @return the context, without a previous start
   * @throws dev.cita.scheduling.ValidationException if a name is blank or a value is missing
   */
  public static MessageContext of(
      String customerName, String serviceName, Instant start, ZoneId zone) {
    return new MessageContext(
        customerName, serviceName, start, zone, null, AppointmentDetails.none());
  }

  /**
   * The context of an appointment, shown in its display zone.
   *
   * @param appointment the appointment; its attendee's name is the customer's
   * @param serviceName the appointment type's name
   * @return the context, without a previous start
   */
  public static MessageContext of(Appointment appointment, String serviceName) {
    Checks.notNull(appointment, "appointment");
    return of(
        appointment.attendee().name(), serviceName, appointment.start(), appointment.displayZone());
  }

  /**
   * A copy that also knows where a rescheduled appointment was before.
   *
   * @param previousStart the start before the move
   * @return a new context; this one is unchanged
   */
  public MessageContext withPreviousStart(Instant previousStart) {
    return new MessageContext(
        customerName,
        serviceName,
        start,
        zone,
        Checks.notNull(previousStart, "previousStart"),
        details);
  }

  /**
   * A copy that also carries the application's details of the appointment.
   *
   * @param details the branch, address, professional and manage link; {@link
   *     AppointmentDetails#none()} for none
   * @return a new context; this one is unchanged
   */
  public MessageContext withDetails(AppointmentDetails details) {
    return new MessageContext(customerName, serviceName, start, zone, previousStart, details);
  }

  /** {@return the customer's name as shown in the message} */
  public String customerName() {
    return customerName;
  }

  /** {@return the appointment type's name, such as {@code "Consulta general"}} */
  public String serviceName() {
    return serviceName;
  }

  /** {@return the appointment's start} */
  public Instant start() {
    return start;
  }

  /** {@return the zone the message shows times in} */
  public ZoneId zone() {
    return zone;
  }

  /** {@return for a reschedule notice, the start before the move; empty otherwise} */
  public Optional<Instant> previousStart() {
    return Optional.ofNullable(previousStart);
  }

  /** {@return the application's details (branch, address, professional, link); maybe none} */
  public AppointmentDetails details() {
    return details;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageContext c
        && customerName.equals(c.customerName)
        && serviceName.equals(c.serviceName)
        && start.equals(c.start)
        && zone.equals(c.zone)
        && Objects.equals(previousStart, c.previousStart)
        && details.equals(c.details);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerName, serviceName, start, zone, previousStart, details);
  }

  @Override
  public String toString() {
    return "MessageContext{"
        + serviceName
        + " at "
        + start
        + " in "
        + zone
        + (previousStart == null ? "" : ", was " + previousStart)
        + "}";
  }
}
