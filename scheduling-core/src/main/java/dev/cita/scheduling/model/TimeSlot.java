package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;

/**
 * A bookable time: {@code [start, end)}, the resources free at it (one for a single-resource
 * query; the free members for a team query) and how many seats are left.
 */
public record TimeSlot(Instant start, Instant end, int remainingSeats, List<ResourceId> resources) {
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

  public Duration duration() {
    return Duration.between(start, end);
  }

  /** The start as seen in a viewer's zone. */
  public ZonedDateTime startIn(ZoneId zone) {
    return start.atZone(zone);
  }

  public TimeInterval interval() {
    return new TimeInterval(start, end);
  }
}
