package dev.cita.scheduling.availability;

import dev.cita.scheduling.internal.Checks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Different hours for one local date (a holiday, a long Saturday): replaces the weekly hours of
 * that date entirely. No windows means closed all day.
 */
public record DateOverride(LocalDate date, List<LocalTimeRange> hours) {
  public DateOverride {
    Checks.notNull(date, "dateOverride.date");
    Checks.notNull(hours, "dateOverride.hours");
    List<LocalTimeRange> sorted = new ArrayList<>(hours);
    sorted.forEach(r -> Checks.notNull(r, "dateOverride.hours[]"));
    sorted.sort(Comparator.comparing(LocalTimeRange::start));
    hours = List.copyOf(sorted);
  }

  /** The resource does not work on {@code date}. */
  public static DateOverride closed(LocalDate date) {
    return new DateOverride(date, List.of());
  }

  /** On {@code date} the resource works these hours instead of its weekly ones. */
  public static DateOverride of(LocalDate date, LocalTimeRange... hours) {
    return new DateOverride(date, List.of(hours));
  }

  public boolean isClosed() {
    return hours.isEmpty();
  }
}
