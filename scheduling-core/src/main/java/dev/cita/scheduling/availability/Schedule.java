package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.TimeInterval;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Everything that decides when one resource is open: its zone, weekly hours (several sets may
 * follow each other through their validity ranges), date overrides keyed by local date, and time
 * off. Immutable.
 *
 * <p>When the hours live in a booking tool instead (Cal.com, Calendly), {@link Builder#hoursFrom}
 * names the {@code AvailabilitySource} whose open windows stand in for the weekly hours and date
 * overrides; time off still applies.
 *
 * <pre>{@code
 * Schedule schedule = Schedule.builder(ZoneId.of("America/Santiago"))
 *     .weeklyHours(WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "18:00").build())
 *     .override(DateOverride.closed(LocalDate.of(2026, 12, 25)))
 *     .timeOff(TimeOff.recurring(LocalDateTime.of(2026, 1, 5, 13, 0), Duration.ofHours(1),
 *         "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"))
 *     .build();
 * }</pre>
 */
public final class Schedule {
  private final ZoneId zone;
  private final List<WeeklyHours> weeklyHours;
  private final Map<LocalDate, DateOverride> overrides;
  private final List<TimeOff> timeOff;
  private final @Nullable String hoursFrom;

  /** The slot engine's last windows for this schedule (a cache; not part of the value). */
  volatile @Nullable SlotWindows windowsCache;

  /** Hash lookup for the slot engine, which asks once per date. */
  private final Map<LocalDate, DateOverride> overrideIndex;

  private Schedule(Builder b) {
    this.zone = Checks.notNull(b.zone, "schedule.zone");
    this.weeklyHours = List.copyOf(b.weeklyHours);
    this.overrides = Collections.unmodifiableMap(new TreeMap<>(b.overrides));
    this.timeOff = List.copyOf(b.timeOff);
    this.hoursFrom = b.hoursFrom;
    this.overrideIndex = new java.util.HashMap<>(b.overrides);
    if (hoursFrom != null && (!weeklyHours.isEmpty() || !overrides.isEmpty())) {
      throw new ValidationException(
          "schedule.hoursFrom",
          "hours come from '"
              + hoursFrom
              + "', so the schedule must have no weekly hours or date overrides of its own");
    }
  }

  /**
   * Starts a builder for a resource in the given zone.
   *
   * @param zone the zone the hours, overrides and recurring time off are read in
   * @return a builder with no hours (so closed every day until hours are added)
   */
  public static Builder builder(ZoneId zone) {
    return new Builder().zone(zone);
  }

  /**
   * Starts a builder for a zone given by id; an unknown id is a {@link ValidationException}.
   *
   * @param zoneId a zone id such as {@code "America/Santiago"}
   * @return a builder with no hours
   */
  public static Builder builder(String zoneId) {
    return new Builder().zone(Checks.zone(zoneId, "schedule.zone"));
  }

  /**
   * {@return a builder holding this schedule's zone, hours, overrides and time off} Use it to make
   * a changed copy.
   */
  public Builder toBuilder() {
    Builder b = new Builder().zone(zone);
    weeklyHours.forEach(b::weeklyHours);
    overrides.values().forEach(b::override);
    timeOff.forEach(b::timeOff);
    b.hoursFrom = hoursFrom;
    return b;
  }

  /**
   * The resource's zone: hours, overrides and recurring time off are read in it.
   *
   * @return the resource's zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * {@return the sets of weekly hours, in the order added} For a date, the first set valid on it
   * applies.
   */
  public List<WeeklyHours> weeklyHours() {
    return weeklyHours;
  }

  /** {@return the date overrides keyed by local date, sorted by date} */
  public Map<LocalDate, DateOverride> overrides() {
    return overrides;
  }

  /** {@return the time off, one-off and recurring, in the order added} */
  public List<TimeOff> timeOff() {
    return timeOff;
  }

  /**
   * The id of the {@code AvailabilitySource} (such as {@code "calcom"}) whose open windows are this
   * resource's hours, if they do not come from the schedule itself.
   *
   * @return the source's id, or empty when the schedule's own hours apply
   */
  public Optional<String> hoursFrom() {
    return Optional.ofNullable(hoursFrom);
  }

  /**
   * This schedule open exactly during {@code windows} (a provider's open times), in its zone and
   * with its time off: the windows become date overrides, and every other date is closed. A window
   * is never widened: one that starts in the second pass of an hour a DST change repeats (which
   * local hours cannot name) is left out, one that ends there ends at the first pass (or is left
   * out when that is not after its start), and one longer than a day is split at local midnights.
   *
   * @param windows the provider's open times, in any order
   * @return a schedule with those windows as its only hours
   */
  public Schedule withOpenWindows(Collection<TimeInterval> windows) {
    Checks.notNull(windows, "windows");
    Builder b = new Builder().zone(zone);
    timeOff.forEach(b::timeOff);
    OpenWindowHours.byDate(windows, zone)
        .forEach((date, hours) -> b.override(new DateOverride(date, hours)));
    return b.build();
  }

  /**
   * The windows that open on {@code date}: the override if any, else the weekly hours valid then.
   *
   * @param date a local date in the resource's zone
   * @return the windows sorted by start; empty when closed (time off is not subtracted)
   */
  public List<LocalTimeRange> hoursOn(LocalDate date) {
    return hoursOn(overrideIndex, weeklyHours, date);
  }

  /** The override's hours if the date has one, else those of the first weekly hours valid then. */
  static List<LocalTimeRange> hoursOn(
      Map<LocalDate, DateOverride> overrides, List<WeeklyHours> weeklyHours, LocalDate date) {
    DateOverride override = overrides.get(date);
    if (override != null) {
      return override.hours();
    }
    for (WeeklyHours hours : weeklyHours) {
      if (hours.appliesOn(date)) {
        return hours.on(date.getDayOfWeek());
      }
    }
    return List.of();
  }

  /**
   * The override for one local date.
   *
   * @param date a local date in the resource's zone
   * @return the override, or empty if the weekly hours apply that day
   */
  public Optional<DateOverride> override(LocalDate date) {
    return Optional.ofNullable(overrides.get(date));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Schedule s
        && zone.equals(s.zone)
        && weeklyHours.equals(s.weeklyHours)
        && overrides.equals(s.overrides)
        && timeOff.equals(s.timeOff)
        && Objects.equals(hoursFrom, s.hoursFrom);
  }

  @Override
  public int hashCode() {
    return Objects.hash(zone, weeklyHours, overrides, timeOff, hoursFrom);
  }

  @Override
  public String toString() {
    return "Schedule{"
        + zone
        + ", "
        + (hoursFrom == null ? weeklyHours : "hours from " + hoursFrom)
        + ", overrides="
        + overrides.keySet()
        + ", timeOff="
        + timeOff
        + "}";
  }

  /** Collects a {@link Schedule}; {@link #build()} freezes it. */
  public static final class Builder {
    private @Nullable ZoneId zone;
    private final List<WeeklyHours> weeklyHours = new ArrayList<>();
    private final Map<LocalDate, DateOverride> overrides = new TreeMap<>();
    private final List<TimeOff> timeOff = new ArrayList<>();
    private @Nullable String hoursFrom;

    private Builder() {}

    /**
     * Sets the resource's zone.
     *
     * @param zone the zone the hours are read in
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if {@code zone} is null
     */
    public Builder zone(ZoneId zone) {
      this.zone = Checks.notNull(zone, "schedule.zone");
      return this;
    }

    /**
     * Adds a set of weekly hours; for a date, the first set whose validity covers it applies.
     *
     * @param hours the weekly hours to add
     * @return this builder
     */
    public Builder weeklyHours(WeeklyHours hours) {
      weeklyHours.add(Checks.notNull(hours, "schedule.weeklyHours"));
      return this;
    }

    /**
     * Adds an override; a second one for the same date is refused.
     *
     * @param override the hours for one date
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if the date already has an override
     */
    public Builder override(DateOverride override) {
      Checks.notNull(override, "schedule.override");
      if (overrides.putIfAbsent(override.date(), override) != null) {
        throw new ValidationException("schedule.override", "two overrides for " + override.date());
      }
      return this;
    }

    /**
     * Adds time off, one-off or recurring; slots that overlap it are not offered.
     *
     * @param off the time off
     * @return this builder
     */
    public Builder timeOff(TimeOff off) {
      timeOff.add(Checks.notNull(off, "schedule.timeOff"));
      return this;
    }

    /**
     * Takes the hours from the {@code AvailabilitySource} with this id (for example {@code
     * "calcom"}) instead of weekly hours and date overrides, which the schedule must then leave
     * out. Time the source has not read is closed: no slots, and bookings there are refused.
     *
     * @param sourceId the {@code AvailabilitySource} id, such as {@code "calcom"}
     * @return this builder
     */
    public Builder hoursFrom(String sourceId) {
      this.hoursFrom = Ids.check(sourceId, "schedule.hoursFrom");
      return this;
    }

    /** {@return the schedule, immutable} */
    public Schedule build() {
      return new Schedule(this);
    }
  }
}
