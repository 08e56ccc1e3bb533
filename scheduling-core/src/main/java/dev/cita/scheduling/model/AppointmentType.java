package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A bookable service and its booking policy: duration, buffers, slot step, minimum notice,
 * booking horizon, seats per slot and the daily cap. Immutable; build one with {@link #builder}.
 *
 * <pre>{@code
 * AppointmentType consult = AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30))
 *     .bufferAfter(Duration.ofMinutes(10))
 *     .minimumNotice(Duration.ofHours(2))
 *     .build();
 * }</pre>
 */
public final class AppointmentType {
  /** Buffers are capped so that stores can look up conflicts in a bounded window. */
  public static final Duration MAX_BUFFER = Duration.ofHours(24);
  /**
   * The longest horizon and minimum notice: ten years, the longest span a slot query may cover.
   * Longer values make no sense and would overflow the time arithmetic.
   */
  public static final Duration MAX_HORIZON = Duration.ofDays(3660);
  /** The finest slot grid: a shorter step lists a slot per second and costs time and memory for nothing. */
  public static final Duration MIN_STEP = Duration.ofMinutes(1);

  private final AppointmentTypeId id;
  private final String name;
  private final Duration duration;
  private final Duration bufferBefore;
  private final Duration bufferAfter;
  private final Duration step;
  private final Duration minimumNotice;
  private final Duration horizon;
  private final int seats;
  private final int maxPerDay;
  private final LocationKind locationKind;

  private AppointmentType(Builder b) {
    this.id = Checks.notNull(b.id, "appointmentType.id");
    this.name = Checks.noControlCharacters(Checks.notBlank(b.name, "appointmentType.name"), "appointmentType.name");
    this.duration = Checks.positive(b.duration, "appointmentType.duration");
    if (duration.getNano() != 0) {
      throw new ValidationException("appointmentType.duration", "must be whole seconds, was " + duration);
    }
    this.bufferBefore = Checks.atMost(
        Checks.notNegative(b.bufferBefore, "appointmentType.bufferBefore"), MAX_BUFFER,
        "appointmentType.bufferBefore");
    this.bufferAfter = Checks.atMost(
        Checks.notNegative(b.bufferAfter, "appointmentType.bufferAfter"), MAX_BUFFER,
        "appointmentType.bufferAfter");
    this.step = b.step == null ? duration : Checks.positive(b.step, "appointmentType.step");
    if (step.getNano() != 0) {
      throw new ValidationException("appointmentType.step", "must be whole seconds, was " + step);
    }
    if (step.compareTo(MIN_STEP) < 0) {
      throw new ValidationException("appointmentType.step", b.step == null
          ? "defaults to the duration (" + duration + "), which is shorter than the minimum step of one"
              + " minute; set a step of at least one minute"
          : "must be at least one minute, was " + step);
    }
    this.minimumNotice = Checks.atMost(
        Checks.notNegative(b.minimumNotice, "appointmentType.minimumNotice"), MAX_HORIZON,
        "appointmentType.minimumNotice");
    this.horizon = Checks.atMost(Checks.positive(b.horizon, "appointmentType.horizon"), MAX_HORIZON,
        "appointmentType.horizon");
    this.seats = Checks.atLeast(b.seats, 1, "appointmentType.seats");
    this.maxPerDay = b.maxPerDay == 0 ? 0 : Checks.atLeast(b.maxPerDay, 1, "appointmentType.maxPerDay");
    this.locationKind = Checks.notNull(b.locationKind, "appointmentType.locationKind");
  }

  /** Starts a builder; the step defaults to the duration, the horizon to 60 days, seats to 1. */
  public static Builder builder(String id, String name, Duration duration) {
    return new Builder().id(AppointmentTypeId.of(id)).name(name).duration(duration);
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.name = name;
    b.duration = duration;
    b.bufferBefore = bufferBefore;
    b.bufferAfter = bufferAfter;
    b.step = step;
    b.minimumNotice = minimumNotice;
    b.horizon = horizon;
    b.seats = seats;
    b.maxPerDay = maxPerDay;
    b.locationKind = locationKind;
    return b;
  }

  public AppointmentTypeId id() {
    return id;
  }

  public String name() {
    return name;
  }

  public Duration duration() {
    return duration;
  }

  public Duration bufferBefore() {
    return bufferBefore;
  }

  public Duration bufferAfter() {
    return bufferAfter;
  }

  /** Distance between two candidate start times on the local grid. */
  public Duration step() {
    return step;
  }

  /** How long before its start a slot can still be booked (real elapsed time). */
  public Duration minimumNotice() {
    return minimumNotice;
  }

  /** How far ahead of now a slot may start (real elapsed time). */
  public Duration horizon() {
    return horizon;
  }

  /** How many appointments may share one slot; 1 for ordinary appointments. */
  public int seats() {
    return seats;
  }

  /** The most appointments of this type one resource takes per local date, if capped. */
  public OptionalInt maxPerDay() {
    return maxPerDay == 0 ? OptionalInt.empty() : OptionalInt.of(maxPerDay);
  }

  public LocationKind locationKind() {
    return locationKind;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof AppointmentType)) {
      return false;
    }
    AppointmentType t = (AppointmentType) o;
    return seats == t.seats && maxPerDay == t.maxPerDay && id.equals(t.id) && name.equals(t.name)
        && duration.equals(t.duration) && bufferBefore.equals(t.bufferBefore)
        && bufferAfter.equals(t.bufferAfter) && step.equals(t.step)
        && minimumNotice.equals(t.minimumNotice) && horizon.equals(t.horizon)
        && locationKind == t.locationKind;
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, name, duration, bufferBefore, bufferAfter, step, minimumNotice, horizon,
        seats, maxPerDay, locationKind);
  }

  @Override
  public String toString() {
    return "AppointmentType{" + id + ", " + name + ", duration=" + duration + ", step=" + step
        + ", buffers=" + bufferBefore + "/" + bufferAfter + ", seats=" + seats + "}";
  }

  /** Collects the fields of an {@link AppointmentType}; {@link #build()} validates them. */
  public static final class Builder {
    private @Nullable AppointmentTypeId id;
    private @Nullable String name;
    private @Nullable Duration duration;
    private Duration bufferBefore = Duration.ZERO;
    private Duration bufferAfter = Duration.ZERO;
    private @Nullable Duration step;
    private Duration minimumNotice = Duration.ZERO;
    private Duration horizon = Duration.ofDays(60);
    private int seats = 1;
    private int maxPerDay;
    private LocationKind locationKind = LocationKind.IN_PERSON;

    private Builder() {}

    public Builder id(AppointmentTypeId id) {
      this.id = id;
      return this;
    }

    public Builder name(String name) {
      this.name = name;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder bufferBefore(Duration bufferBefore) {
      this.bufferBefore = bufferBefore;
      return this;
    }

    public Builder bufferAfter(Duration bufferAfter) {
      this.bufferAfter = bufferAfter;
      return this;
    }

    /** The grid of candidate starts; at least {@link #MIN_STEP}, by default the duration. */
    public Builder step(Duration step) {
      this.step = step;
      return this;
    }

    public Builder minimumNotice(Duration minimumNotice) {
      this.minimumNotice = minimumNotice;
      return this;
    }

    public Builder horizon(Duration horizon) {
      this.horizon = horizon;
      return this;
    }

    public Builder seats(int seats) {
      this.seats = seats;
      return this;
    }

    /** Caps appointments of this type per resource and local date; {@code 0} (default) means no cap. */
    public Builder maxPerDay(int maxPerDay) {
      if (maxPerDay < 0) {
        throw new ValidationException("appointmentType.maxPerDay", "must not be negative, was " + maxPerDay);
      }
      this.maxPerDay = maxPerDay;
      return this;
    }

    public Builder locationKind(LocationKind locationKind) {
      this.locationKind = locationKind;
      return this;
    }

    public AppointmentType build() {
      return new AppointmentType(this);
    }
  }
}
