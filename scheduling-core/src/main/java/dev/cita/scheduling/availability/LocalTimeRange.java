package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * Opening hours within one day in wall-clock time, such as 09:00–17:00. An end of {@code 00:00} (or
 * the text {@code "24:00"}) means midnight at the end of the day; an end earlier than the start
 * means the window runs overnight into the next date (22:00–02:00). A zero-length range is refused.
 *
 * @param start the wall-clock time the window opens
 * @param end the wall-clock time it closes; {@code 00:00} for midnight at the end of the day, or
 *     earlier than {@code start} for an overnight window
 */
public record LocalTimeRange(LocalTime start, LocalTime end) {
  /**
   * Checks that both times are given and the window is not empty.
   *
   * @param start the wall-clock time the window opens
   * @param end the wall-clock time it closes
   * @throws dev.cita.scheduling.ValidationException if either is missing or both are equal (other
   *     than 00:00–00:00, which is the whole day)
   */
  public LocalTimeRange {
    Checks.notNull(start, "hours.start");
    Checks.notNull(end, "hours.end");
    if (start.equals(end) && !end.equals(LocalTime.MIDNIGHT)) {
      throw new ValidationException(
          "hours.end", "window of zero length (" + start + "–" + end + ")");
    }
  }

  /**
   * Creates a window from two times of day.
   *
   * @param start the wall-clock time the window opens
   * @param end the wall-clock time it closes; see the class comment
   * @return the window
   * @throws dev.cita.scheduling.ValidationException if the window has zero length
   */
  public static LocalTimeRange of(LocalTime start, LocalTime end) {
    return new LocalTimeRange(start, end);
  }

  /**
   * Parses {@code "09:00"} and {@code "17:30"}; {@code "24:00"} is accepted as an end.
   *
   * @param start the opening time as {@code HH:mm} (or {@code HH:mm:ss})
   * @param end the closing time as {@code HH:mm}, or {@code "24:00"} for midnight
   * @return the window
   * @throws dev.cita.scheduling.ValidationException if a text is blank or not a time of day, or the
   *     window has zero length
   */
  public static LocalTimeRange of(String start, String end) {
    return new LocalTimeRange(
        parse(start, "hours.start"),
        "24:00".equals(end) ? LocalTime.MIDNIGHT : parse(end, "hours.end"));
  }

  private static LocalTime parse(String text, String field) {
    Checks.notBlank(text, field);
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new ValidationException(field, "is not a time of day (HH:mm): '" + text + "'");
    }
  }

  /** {@return whether the window ends on the next date (overnight, or at 24:00)} */
  public boolean endsNextDay() {
    return !end.isAfter(start);
  }

  /**
   * The local start of this window on {@code date}.
   *
   * @param date the local date the window opens on
   * @return {@code date} at {@link #start()}
   */
  public LocalDateTime startOn(LocalDate date) {
    return date.atTime(start);
  }

  /**
   * The local end of this window when it opens on {@code date}.
   *
   * @param date the local date the window opens on
   * @return the closing date-time, on the next date if {@link #endsNextDay()}
   */
  public LocalDateTime endOn(LocalDate date) {
    return (endsNextDay() ? date.plusDays(1) : date).atTime(end);
  }

  @Override
  public String toString() {
    return start + "–" + (end.equals(LocalTime.MIDNIGHT) ? "24:00" : end.toString());
  }
}
