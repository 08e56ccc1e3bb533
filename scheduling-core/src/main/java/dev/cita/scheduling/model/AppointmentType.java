package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.ServiceHours;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A bookable service and its booking policy: duration, buffers, slot step, minimum notice, booking
 * horizon, seats per slot, the daily cap and, if the type is offered only at some hours, its {@link
 * ServiceHours}. Immutable; build one with {@link #builder}.
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

  /**
   * The finest slot grid: a shorter step lists a slot per second and costs time and memory for
   * nothing.
   */
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
  private final @Nullable ServiceHours serviceHours;

  private AppointmentType(Builder b) {
    this.id = Checks.notNull(b.id, "appointmentType.id");
    this.name =
        Checks.noControlCharacters(
            Checks.notBlank(b.name, "appointmentType.name"), "appointmentType.name");
    this.duration = Checks.positive(b.duration, "appointmentType.duration");
    if (duration.getNano() != 0) {
      throw new ValidationException(
          "appointmentType.duration", "must be whole seconds, was " + duration);
    }
    this.bufferBefore =
        Checks.atMost(
            Checks.notNegative(b.bufferBefore, "appointmentType.bufferBefore"),
            MAX_BUFFER,
            "appointmentType.bufferBefore");
    this.bufferAfter =
        Checks.atMost(
            Checks.notNegative(b.bufferAfter, "appointmentType.bufferAfter"),
            MAX_BUFFER,
            "appointmentType.bufferAfter");
    this.step = b.step == null ? duration : Checks.positive(b.step, "appointmentType.step");
    if (step.getNano() != 0) {
      throw new ValidationException("appointmentType.step", "must be whole seconds, was " + step);
    }
    if (step.compareTo(MIN_STEP) < 0) {
      throw new ValidationException(
          "appointmentType.step",
          b.step == null
              ? "defaults to the duration ("
                  + duration
                  + "), which is shorter than the minimum step of one"
                  + " minute; set a step of at least one minute"
              : "must be at least one minute, was " + step);
    }
    this.minimumNotice =
        Checks.atMost(
            Checks.notNegative(b.minimumNotice, "appointmentType.minimumNotice"),
            MAX_HORIZON,
            "appointmentType.minimumNotice");
    this.horizon =
        Checks.atMost(
            Checks.positive(b.horizon, "appointmentType.horizon"),
            MAX_HORIZON,
            "appointmentType.horizon");
    this.seats = Checks.atLeast(b.seats, 1, "appointmentType.seats");
    this.maxPerDay =
        b.maxPerDay == 0 ? 0 : Checks.atLeast(b.maxPerDay, 1, "appointmentType.maxPerDay");
    this.locationKind = Checks.notNull(b.locationKind, "appointmentType.locationKind");
    this.serviceHours = b.serviceHours;
  }

  /**
   * Starts a builder; the step defaults to the duration, the horizon to 60 days, seats to 1.
   *
   * @param id the type's id, following the {@link Ids} rule
   * @param name the name shown to attendees, e.g. {@code "Consulta"}
   * @param duration how long one appointment lasts, in whole seconds
   * @return a builder with the three required fields set
   * @throws dev.cita.scheduling.ValidationException if {@code id} breaks the {@link Ids} rule
   */
  public static Builder builder(String id, String name, Duration duration) {
    return new Builder().id(AppointmentTypeId.of(id)).name(name).duration(duration);
  }

  /**
   * Starts an empty builder, for code that sets the id as an {@link AppointmentTypeId}.
   *
   * @return a new builder with the same defaults as {@link #builder(String, String, Duration)}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding every field of this type} Use it to make a changed copy. */
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
    b.serviceHours = serviceHours;
    return b;
  }

  /** {@return the type's id, unique within its tenant} */
  public AppointmentTypeId id() {
    return id;
  }

  /** {@return the name shown to attendees and in messages} */
  public String name() {
    return name;
  }

  /** {@return how long one appointment lasts, in whole seconds} */
  public Duration duration() {
    return duration;
  }

  /**
   * {@return the time kept free before each appointment} Zero when none; copied into the
   * appointment when it is booked.
   */
  public Duration bufferBefore() {
    return bufferBefore;
  }

  /**
   * {@return the time kept free after each appointment} Zero when none; copied into the appointment
   * when it is booked.
   */
  public Duration bufferAfter() {
    return bufferAfter;
  }

  /** {@return the distance between two candidate start times on the local grid} */
  public Duration step() {
    return step;
  }

  /** {@return how long before its start a slot can still be booked (real elapsed time)} */
  public Duration minimumNotice() {
    return minimumNotice;
  }

  /** {@return how far ahead of now a slot may start (real elapsed time)} */
  public Duration horizon() {
    return horizon;
  }

  /** {@return how many appointments may share one slot; 1 for ordinary appointments} */
  public int seats() {
    return seats;
  }

  /**
   * The most appointments of this type one resource takes per local date, if capped.
   *
   * @return the cap, or empty if there is none
   */
  public OptionalInt maxPerDay() {
    return maxPerDay == 0 ? OptionalInt.empty() : OptionalInt.of(maxPerDay);
  }

  /** {@return where appointments of this type take place} */
  public LocationKind locationKind() {
    return locationKind;
  }

  /**
   * The hours in which this type is offered, intersected with each resource's own hours.
   *
   * @return the service hours, or empty when the type is offered in all the resource's hours
   */
  public Optional<ServiceHours> serviceHours() {
    return Optional.ofNullable(serviceHours);
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
    return seats == t.seats
        && maxPerDay == t.maxPerDay
        && id.equals(t.id)
        && name.equals(t.name)
        && duration.equals(t.duration)
        && bufferBefore.equals(t.bufferBefore)
        && bufferAfter.equals(t.bufferAfter)
        && step.equals(t.step)
        && minimumNotice.equals(t.minimumNotice)
        && horizon.equals(t.horizon)
        && locationKind == t.locationKind
        && Objects.equals(serviceHours, t.serviceHours);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        id,
        name,
        duration,
        bufferBefore,
        bufferAfter,
        step,
        minimumNotice,
        horizon,
        seats,
        maxPerDay,
        locationKind,
        serviceHours);
  }

  @Override
  public String toString() {
    return "AppointmentType{"
        + id
        + ", "
        + name
        + ", duration="
        + duration
        + ", step="
        + step
        + ", buffers="
        + bufferBefore
        + "/"
        + bufferAfter
        + ", seats="
        + seats
        + (serviceHours == null ? "" : ", " + serviceHours)
        + "}";
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
    private @Nullable ServiceHours serviceHours;

    private Builder() {}

    /**
     * Sets the id (required).
     *
     * @param id the type's id
     * @return this builder
     */
    public Builder id(AppointmentTypeId id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the name shown to attendees (required, without control characters).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /**
     * Sets how long one appointment lasts (required).
     *
     * @param duration positive, in whole seconds
     * @return this builder
     */
    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    /**
     * Sets the time kept free before each appointment; zero by default.
     *
     * @param bufferBefore not negative, at most {@link AppointmentType#MAX_BUFFER}
     * @return this builder
     */
    public Builder bufferBefore(Duration bufferBefore) {
      this.bufferBefore = bufferBefore;
      return this;
    }

    /**
     * Sets the time kept free after each appointment; zero by default.
     *
     * @param bufferAfter not negative, at most {@link AppointmentType#MAX_BUFFER}
     * @return this builder
     */
    public Builder bufferAfter(Duration bufferAfter) {
      this.bufferAfter = bufferAfter;
      return this;
    }

    /**
     * The grid of candidate starts; at least {@link #MIN_STEP}, by default the duration.
     *
     * @param step positive, in whole seconds
     * @return this builder
     */
    public Builder step(Duration step) {
      this.step = step;
      return this;
    }

    /**
     * Sets how long before its start a slot can still be booked; zero by default.
     *
     * @param minimumNotice not negative, at most {@link AppointmentType#MAX_HORIZON}
     * @return this builder
     */
    public Builder minimumNotice(Duration minimumNotice) {
      this.minimumNotice = minimumNotice;
      return this;
    }

    /**
     * Sets how far ahead of now a slot may start; 60 days by default.
     *
     * @param horizon positive, at most {@link AppointmentType#MAX_HORIZON}
     * @return this builder
     */
    public Builder horizon(Duration horizon) {
      this.horizon = horizon;
      return this;
    }

    /**
     * Sets how many appointments may share one slot (a group class, a shared room); 1 by default.
     *
     * @param seats at least 1
     * @return this builder
     */
    public Builder seats(int seats) {
      this.seats = seats;
      return this;
    }

    /**
     * Caps appointments of this type per resource and local date; {@code 0} (default) means no cap.
     *
     * @param maxPerDay the cap, or 0 for none
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if {@code maxPerDay} is negative
     */
    public Builder maxPerDay(int maxPerDay) {
      if (maxPerDay < 0) {
        throw new ValidationException(
            "appointmentType.maxPerDay", "must not be negative, was " + maxPerDay);
      }
      this.maxPerDay = maxPerDay;
      return this;
    }

    /**
     * Sets where appointments of this type take place; {@link LocationKind#IN_PERSON} by default.
     *
     * @param locationKind the kind of location
     * @return this builder
     */
    public Builder locationKind(LocationKind locationKind) {
      this.locationKind = locationKind;
      return this;
    }

    /**
     * Offers the type only in these hours (intersected with each resource's own hours); {@code
     * null}, the default, offers it in all of them.
     *
     * @param serviceHours the hours the type is offered in, or {@code null} for no restriction
     * @return this builder
     */
    public Builder serviceHours(@Nullable ServiceHours serviceHours) {
      this.serviceHours = serviceHours;
      return this;
    }

    /**
     * Validates the fields and builds the type.
     *
     * @return a new appointment type
     * @throws dev.cita.scheduling.ValidationException naming the first missing or invalid field
     */
    public AppointmentType build() {
      return new AppointmentType(this);
    }
  }
}
