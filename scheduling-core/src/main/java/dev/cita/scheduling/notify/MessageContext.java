package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The facts a message template needs: the customer's name, the service (appointment type) name,
 * the start and the zone it is shown in (the business's, {@link Appointment#displayZone()}), and
 * for a reschedule notice the previous start.
 */
public final class MessageContext {
  private final String customerName;
  private final String serviceName;
  private final Instant start;
  private final ZoneId zone;
  private final @Nullable Instant previousStart;

  private MessageContext(String customerName, String serviceName, Instant start, ZoneId zone,
      @Nullable Instant previousStart) {
    this.customerName = Checks.notBlank(customerName, "customerName");
    this.serviceName = Checks.notBlank(serviceName, "serviceName");
    this.start = Checks.notNull(start, "start");
    this.zone = Checks.notNull(zone, "zone");
    this.previousStart = previousStart;
  }

  public static MessageContext of(String customerName, String serviceName, Instant start, ZoneId zone) {
    return new MessageContext(customerName, serviceName, start, zone, null);
  }

  /** The context of an appointment, shown in its display zone. */
  public static MessageContext of(Appointment appointment, String serviceName) {
    Checks.notNull(appointment, "appointment");
    return of(appointment.attendee().name(), serviceName, appointment.start(), appointment.displayZone());
  }

  /** A copy that also knows where a rescheduled appointment was before. */
  public MessageContext withPreviousStart(Instant previousStart) {
    return new MessageContext(customerName, serviceName, start, zone,
        Checks.notNull(previousStart, "previousStart"));
  }

  public String customerName() {
    return customerName;
  }

  public String serviceName() {
    return serviceName;
  }

  public Instant start() {
    return start;
  }

  public ZoneId zone() {
    return zone;
  }

  public Optional<Instant> previousStart() {
    return Optional.ofNullable(previousStart);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof MessageContext c && customerName.equals(c.customerName)
        && serviceName.equals(c.serviceName) && start.equals(c.start) && zone.equals(c.zone)
        && Objects.equals(previousStart, c.previousStart);
  }

  @Override
  public int hashCode() {
    return Objects.hash(customerName, serviceName, start, zone, previousStart);
  }

  @Override
  public String toString() {
    return "MessageContext{" + serviceName + " at " + start + " in " + zone
        + (previousStart == null ? "" : ", was " + previousStart) + "}";
  }
}
