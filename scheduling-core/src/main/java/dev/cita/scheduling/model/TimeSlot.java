package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A bookable time: {@code [start, end)}, the resources free at it (one for a single-resource query;
 * the free members for a team query) and how many seats are left.
 *
 * @param start when the appointment would start (inclusive)
 * @param end when the appointment would end (exclusive), without buffers
 * @param remainingSeats how many more bookings the slot takes; at least 1, and 1 for an ordinary
 *     one-seat type
 * @param resources the resources free at this time, never empty; unmodifiable
 */
public record TimeSlot(Instant start, Instant end, int remainingSeats, List<ResourceId> resources) {
  /**
   * Checks the components and copies the resource list.
   *
   * @param start when the appointment would start (inclusive)
   * @param end when the appointment would end (exclusive)
   * @param remainingSeats how many more bookings the slot takes, at least 1
   * @param resources the resources free at this time, at least one
   * @throws dev.cita.scheduling.ValidationException if a component is missing or out of range
   */
  public TimeSlot {
    Checks.notNull(start, "slot.start");
    Checks.notNull(end, "slot.end");
    if (!end.isAfter(start)) {
      throw new ValidationException("slot.end", "must be after start");
    }
    Checks.atLeast(remainingSeats, 1, "slot.remainingSeats");
    resources = List.copyOf(Checks.notNull(resources, "slot.resources"));
    if (resources.isEmpty()) {
      throw new ValidationException("slot.resources", "must name at least one resource");
    }
  }

  /** {@return the slot's length, which is the appointment type's duration} */
  public Duration duration() {
    return Duration.between(start, end);
  }

  /**
   * The start as seen in a viewer's zone.
   *
   * @param zone the viewer's zone, e.g. the attendee's
   * @return the start as a date-time in that zone
   */
  public ZonedDateTime startIn(ZoneId zone) {
    return start.atZone(zone);
  }

  /** {@return the slot's time {@code [start, end)} as one value} */
  public TimeInterval interval() {
    return new TimeInterval(start, end);
  }
}
