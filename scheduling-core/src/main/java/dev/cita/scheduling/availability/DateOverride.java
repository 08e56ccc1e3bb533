package dev.cita.scheduling.availability;

import dev.cita.scheduling.internal.Checks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Different hours for one local date (a holiday, a long Saturday): replaces the weekly hours of
 * that date entirely. No windows means closed all day.
 *
 * @param date the local date (in the resource's zone) the override applies to
 * @param hours the windows that open on that date, sorted by start; empty when closed all day
 */
public record DateOverride(LocalDate date, List<LocalTimeRange> hours) {
  /**
   * Checks the components and sorts the windows by start.
   *
   * @param date the local date the override applies to
   * @param hours the windows that open on that date; empty when closed all day
   * @throws dev.cita.scheduling.ValidationException if the date, the list or a window is missing
   */
  public DateOverride {
    Checks.notNull(date, "dateOverride.date");
    Checks.notNull(hours, "dateOverride.hours");
    List<LocalTimeRange> sorted = new ArrayList<>(hours);
    sorted.forEach(r -> Checks.notNull(r, "dateOverride.hours[]"));
    sorted.sort(Comparator.comparing(LocalTimeRange::start));
    hours = List.copyOf(sorted);
  }

  /**
   * The resource does not work on {@code date}.
   *
   * @param date the local date, in the resource's zone
   * @return an override with no windows
   */
  public static DateOverride closed(LocalDate date) {
    return new DateOverride(date, List.of());
  }

  /**
   * On {@code date} the resource works these hours instead of its weekly ones.
   *
   * @param date the local date, in the resource's zone
   * @param hours the windows that open that day, in any order
   * @return the override
   */
  public static DateOverride of(LocalDate date, LocalTimeRange... hours) {
    return new DateOverride(date, List.of(hours));
  }

  /** {@return whether the resource is closed all day on the date (no windows)} */
  public boolean isClosed() {
    return hours.isEmpty();
  }
}
