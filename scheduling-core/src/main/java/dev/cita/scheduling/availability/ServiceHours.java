package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The hours in which one appointment type is offered ("kinesiología only on Tuesday and Thursday
 * afternoons"), read in each resource's own zone: weekly hours (several sets may follow each other
 * through their validity ranges) and date overrides, with the same rules as a {@link Schedule}'s
 * hours. The slot engine offers the type only where these hours and the resource's own hours
 * overlap; a type without service hours is offered in all the resource's hours. Immutable.
 *
 * <pre>{@code
 * ServiceHours afternoons = ServiceHours.builder()
 *     .weeklyHours(WeeklyHours.builder().add(EnumSet.of(TUESDAY, THURSDAY), "14:00", "19:00").build())
 *     .override(DateOverride.closed(LocalDate.of(2026, 12, 24)))
 *     .build();
 * }</pre>
 */
public final class ServiceHours {
  private final List<WeeklyHours> weeklyHours;
  private final Map<LocalDate, DateOverride> overrides;
  private final Map<LocalDate, DateOverride> overrideIndex;

  private ServiceHours(Builder b) {
    this.weeklyHours = List.copyOf(b.weeklyHours);
    this.overrides = Collections.unmodifiableMap(new TreeMap<>(b.overrides));
    this.overrideIndex = new HashMap<>(b.overrides);
  }

  /** {@return a builder with no hours (a type that is never offered until hours are added)} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the sets of weekly hours, in the order added; the first valid on a date applies} */
  public List<WeeklyHours> weeklyHours() {
    return weeklyHours;
  }

  /** {@return the date overrides keyed by local date, sorted by date} */
  public Map<LocalDate, DateOverride> overrides() {
    return overrides;
  }

  /**
   * The windows in which the type is offered on {@code date}: the override if any, else the weekly
   * hours valid then.
   *
   * @param date a local date in the resource's zone
   * @return the windows sorted by start; empty when the type is not offered that day
   */
  public List<LocalTimeRange> hoursOn(LocalDate date) {
    return Schedule.hoursOn(overrideIndex, weeklyHours, date);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ServiceHours s
        && weeklyHours.equals(s.weeklyHours)
        && overrides.equals(s.overrides);
  }

  @Override
  public int hashCode() {
    return Objects.hash(weeklyHours, overrides);
  }

  @Override
  public String toString() {
    return "ServiceHours{" + weeklyHours + ", overrides=" + overrides.values() + "}";
  }

  /** Collects a {@link ServiceHours}; {@link #build()} freezes it. */
  public static final class Builder {
    private final List<WeeklyHours> weeklyHours = new ArrayList<>();
    private final Map<LocalDate, DateOverride> overrides = new TreeMap<>();

    private Builder() {}

    /**
     * Adds a set of weekly hours; for a date, the first set whose validity covers it applies.
     *
     * @param hours the weekly hours to add
     * @return this builder
     * @throws ValidationException if {@code hours} is null
     */
    public Builder weeklyHours(WeeklyHours hours) {
      weeklyHours.add(Checks.notNull(hours, "serviceHours.weeklyHours"));
      return this;
    }

    /**
     * Adds an override (other hours for one date, or none); a second one for a date is refused.
     *
     * @param override the hours for one date
     * @return this builder
     * @throws ValidationException if the date already has an override
     */
    public Builder override(DateOverride override) {
      Checks.notNull(override, "serviceHours.override");
      if (overrides.putIfAbsent(override.date(), override) != null) {
        throw new ValidationException(
            "serviceHours.override", "two overrides for " + override.date());
      }
      return this;
    }

    /** {@return the service hours, immutable} */
    public ServiceHours build() {
      return new ServiceHours(this);
    }
  }
}
