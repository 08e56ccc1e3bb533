package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The regular opening hours of a resource per day of week, in wall-clock time of the resource's
 * zone, optionally valid only between two dates (both inclusive). Wall-clock hours stay put across
 * a DST change: 09:00–17:00 is 09:00–17:00 on both sides of it.
 *
 * <pre>{@code
 * WeeklyHours hours = WeeklyHours.builder()
 *     .add(EnumSet.range(MONDAY, FRIDAY), "09:00", "17:00")
 *     .add(SATURDAY, "10:00", "14:00")
 *     .build();
 * }</pre>
 */
public final class WeeklyHours {
  private final Map<DayOfWeek, List<LocalTimeRange>> hours;
  private final @Nullable LocalDate validFrom;
  private final @Nullable LocalDate validUntil;

  private WeeklyHours(Builder b) {
    EnumMap<DayOfWeek, List<LocalTimeRange>> copy = new EnumMap<>(DayOfWeek.class);
    b.hours.forEach(
        (day, ranges) -> {
          List<LocalTimeRange> sorted = new ArrayList<>(ranges);
          sorted.sort(Comparator.comparing(LocalTimeRange::start));
          copy.put(day, List.copyOf(sorted));
        });
    this.hours = Collections.unmodifiableMap(copy);
    this.validFrom = b.validFrom;
    this.validUntil = b.validUntil;
    if (validFrom != null && validUntil != null && validUntil.isBefore(validFrom)) {
      throw new ValidationException(
          "weeklyHours.validUntil", "must not be before validFrom " + validFrom);
    }
  }

  /** {@return a builder with no windows, valid on every date} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The windows opening on {@code day}, sorted by start; empty when closed.
   *
   * @param day the day of week the windows open on
   * @return the windows, sorted by start; empty when closed
   */
  public List<LocalTimeRange> on(DayOfWeek day) {
    return hours.getOrDefault(day, List.of());
  }

  /** {@return the first local date these hours apply on, or empty if they apply from any date} */
  public Optional<LocalDate> validFrom() {
    return Optional.ofNullable(validFrom);
  }

  /** {@return the last local date these hours apply on (inclusive), or empty if they never end} */
  public Optional<LocalDate> validUntil() {
    return Optional.ofNullable(validUntil);
  }

  /**
   * True when these hours apply on {@code date}.
   *
   * @param date a local date in the resource's zone
   * @return whether the date lies within the validity range
   */
  public boolean appliesOn(LocalDate date) {
    return (validFrom == null || !date.isBefore(validFrom))
        && (validUntil == null || !date.isAfter(validUntil));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeeklyHours w
        && hours.equals(w.hours)
        && java.util.Objects.equals(validFrom, w.validFrom)
        && java.util.Objects.equals(validUntil, w.validUntil);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(hours, validFrom, validUntil);
  }

  @Override
  public String toString() {
    return "WeeklyHours"
        + hours
        + (validFrom == null ? "" : " from " + validFrom)
        + (validUntil == null ? "" : " until " + validUntil);
  }

  /** Collects windows per weekday; {@link #build()} freezes them. */
  public static final class Builder {
    private final Map<DayOfWeek, List<LocalTimeRange>> hours = new EnumMap<>(DayOfWeek.class);
    private @Nullable LocalDate validFrom;
    private @Nullable LocalDate validUntil;

    private Builder() {}

    /**
     * Adds a window that opens on one day of week; a day may have several.
     *
     * @param day the day of week
     * @param range the window
     * @return this builder
     * @throws ValidationException if either is null
     */
    public Builder add(DayOfWeek day, LocalTimeRange range) {
      Checks.notNull(day, "weeklyHours.day");
      Checks.notNull(range, "weeklyHours.range");
      hours.computeIfAbsent(day, d -> new ArrayList<>()).add(range);
      return this;
    }

    /**
     * Adds a window given as text, such as {@code "09:00"} to {@code "17:00"}.
     *
     * @param day the day of week
     * @param start the opening time, {@code HH:mm}
     * @param end the closing time, {@code HH:mm} or {@code "24:00"}
     * @return this builder
     * @throws ValidationException if a time is not a time of day or the window has zero length
     */
    public Builder add(DayOfWeek day, String start, String end) {
      return add(day, LocalTimeRange.of(start, end));
    }

    /**
     * Adds the same window to several days, such as {@code EnumSet.range(MONDAY, FRIDAY)}.
     *
     * @param days the days of week
     * @param start the opening time, {@code HH:mm}
     * @param end the closing time, {@code HH:mm} or {@code "24:00"}
     * @return this builder
     * @throws ValidationException if a time is not a time of day or the window has zero length
     */
    public Builder add(Iterable<DayOfWeek> days, String start, String end) {
      Checks.notNull(days, "weeklyHours.days");
      LocalTimeRange range = LocalTimeRange.of(start, end);
      for (DayOfWeek day : days) {
        add(day, range);
      }
      return this;
    }

    /**
     * Makes the hours apply only from a local date on.
     *
     * @param validFrom the first date, inclusive; {@code null} for no start
     * @return this builder
     */
    public Builder validFrom(@Nullable LocalDate validFrom) {
      this.validFrom = validFrom;
      return this;
    }

    /**
     * Makes the hours apply only up to a local date.
     *
     * @param validUntil the last date, inclusive; {@code null} for no end
     * @return this builder
     */
    public Builder validUntil(@Nullable LocalDate validUntil) {
      this.validUntil = validUntil;
      return this;
    }

    /**
     * Freezes the windows, sorted by start per day.
     *
     * @return the weekly hours
     * @throws ValidationException if {@code validUntil} is before {@code validFrom}
     */
    public WeeklyHours build() {
      return new WeeklyHours(this);
    }
  }
}
