package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/** A half-open span of time {@code [start, end)}; {@code end} is strictly after {@code start}. */
public record TimeInterval(Instant start, Instant end) {
  public TimeInterval {
    Checks.notNull(start, "interval.start");
    Checks.notNull(end, "interval.end");
    if (!end.isAfter(start)) {
      throw new ValidationException("interval.end", "must be after start (" + start + "), was " + end);
    }
  }

  public static TimeInterval of(Instant start, Instant end) {
    return new TimeInterval(start, end);
  }

  public static TimeInterval of(Instant start, Duration length) {
    return new TimeInterval(start, start.plus(Checks.positive(length, "interval.length")));
  }

  public Duration length() {
    return Duration.between(start, end);
  }

  /** True when the two half-open intervals share at least one instant. */
  public boolean overlaps(TimeInterval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
