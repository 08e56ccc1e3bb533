package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;

/**
 * A half-open span of time {@code [start, end)}; {@code end} is strictly after {@code start}.
 *
 * @param start the first instant in the span
 * @param end the first instant after the span
 */
public record TimeInterval(Instant start, Instant end) {
  /**
   * Checks that both ends are given and the span is not empty.
   *
   * @param start the first instant in the span
   * @param end the first instant after the span
   * @throws dev.cita.scheduling.ValidationException if either is missing or {@code end} is not
   *     after {@code start}
   */
  public TimeInterval {
    Checks.notNull(start, "interval.start");
    Checks.notNull(end, "interval.end");
    if (!end.isAfter(start)) {
      throw new ValidationException(
          "interval.end", "must be after start (" + start + "), was " + end);
    }
  }

  /**
   * Creates the interval {@code [start, end)}.
   *
   * @param start the first instant in the span
   * @param end the first instant after the span; must be after {@code start}
   * @return the interval
   * @throws dev.cita.scheduling.ValidationException if either is missing or {@code end} is not
   *     after {@code start}
   */
  public static TimeInterval of(Instant start, Instant end) {
    return new TimeInterval(start, end);
  }

  /**
   * Creates the interval that starts at {@code start} and lasts {@code length}.
   *
   * @param start the first instant in the span
   * @param length how long it lasts; must be positive
   * @return the interval {@code [start, start + length)}
   * @throws dev.cita.scheduling.ValidationException if the length is not positive
   */
  public static TimeInterval of(Instant start, Duration length) {
    return new TimeInterval(start, start.plus(Checks.positive(length, "interval.length")));
  }

  /** {@return the time between start and end, always positive} */
  public Duration length() {
    return Duration.between(start, end);
  }

  /**
   * True when the two half-open intervals share at least one instant.
   *
   * @param other the interval to compare with
   * @return false when one ends exactly where the other starts
   */
  public boolean overlaps(TimeInterval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }

  /**
   * Tells whether an instant lies in the interval: the start does, the end does not.
   *
   * @param instant the instant to test
   * @return whether {@code start <= instant < end}
   */
  public boolean contains(Instant instant) {
    return !instant.isBefore(start) && instant.isBefore(end);
  }
}
