package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * When reminders go out: at each offset before an appointment's start (by default 24 hours and 1
 * hour). Immutable.
 *
 * <p><b>Late reminders are skipped, not sent late.</b> A reminder is due from its send time ({@code
 * start - offset}) until {@link #grace()} after it (default 30 minutes), and never at or after the
 * start. If no scheduler ran in that window (the app was down, or the appointment was booked or
 * moved after it), that reminder is not sent: "your appointment is tomorrow" arriving two hours
 * before the appointment is worse than nothing, and the next offset still goes out. A reminder
 * whose send time falls before the appointment was created is skipped for the same reason: the
 * confirmation the customer just got says it all.
 *
 * <pre>{@code
 * ReminderPolicy policy = ReminderPolicy.builder()
 *     .offsets(Duration.ofHours(48), Duration.ofHours(2))
 *     .grace(Duration.ofMinutes(15))
 *     .build();
 * }</pre>
 */
public final class ReminderPolicy {
  private static final ReminderPolicy DEFAULTS = builder().build();

  /** Longer than any sensible reminder; keeps the instant arithmetic far from overflow. */
  static final Duration MAX_OFFSET = Duration.ofDays(60);

  private final List<Duration> offsets;
  private final Duration grace;

  private ReminderPolicy(Builder b) {
    this.offsets = b.offsets;
    this.grace = b.grace;
  }

  /**
   * 24 hours and 1 hour before the start, 30 minutes of grace.
   *
   * @return the default policy
   */
  public static ReminderPolicy defaults() {
    return DEFAULTS;
  }

  /** {@return a builder starting from the defaults} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * {@return the offsets before the start, longest first, without repeats} Empty when reminders are
   * off.
   */
  public List<Duration> offsets() {
    return offsets;
  }

  /** {@return how long after its send time a reminder may still go out} */
  public Duration grace() {
    return grace;
  }

  /**
   * When the reminder {@code offset} before {@code start} is meant to go out.
   *
   * @param start the appointment's start
   * @param offset one of {@link #offsets()}
   * @return {@code start - offset}
   */
  public Instant sendAt(Instant start, Duration offset) {
    return start.minus(offset);
  }

  /**
   * True when that reminder may be sent at {@code now}: in its grace window and before the start.
   *
   * @param start the appointment's start
   * @param offset one of {@link #offsets()}
   * @param now the current instant
   * @return whether it may be sent now
   */
  public boolean isDue(Instant start, Duration offset, Instant now) {
    Instant sendAt = sendAt(start, offset);
    return !now.isBefore(sendAt) && !now.isAfter(sendAt.plus(grace)) && now.isBefore(start);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReminderPolicy p && offsets.equals(p.offsets) && grace.equals(p.grace);
  }

  @Override
  public int hashCode() {
    return offsets.hashCode() * 31 + grace.hashCode();
  }

  @Override
  public String toString() {
    return "ReminderPolicy{offsets=" + offsets + ", grace=" + grace + "}";
  }

  /** Configures a {@link ReminderPolicy}; {@link #build()} checks it and names a bad value. */
  public static final class Builder {
    private List<Duration> offsets = List.of(Duration.ofHours(24), Duration.ofHours(1));
    private Duration grace = Duration.ofMinutes(30);

    private Builder() {}

    /**
     * The offsets before the start; replaces the defaults. None turns reminders off.
     *
     * @param offsets positive whole seconds, at most 60 days, each once, in any order
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException naming the first bad offset
     */
    public Builder offsets(Duration... offsets) {
      Checks.notNull(offsets, "offsets");
      return offsets(List.of(offsets));
    }

    /**
     * The offsets before the start; replaces the defaults. None turns reminders off.
     *
     * @param offsets positive whole seconds, at most 60 days, each once, in any order
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException naming the first bad offset
     */
    public Builder offsets(List<Duration> offsets) {
      Checks.notNull(offsets, "offsets");
      List<Duration> sorted = new ArrayList<>();
      for (int i = 0; i < offsets.size(); i++) {
        Duration d = Checks.positive(offsets.get(i), "offsets[" + i + "]");
        Checks.atMost(d, MAX_OFFSET, "offsets[" + i + "]");
        if (d.getNano() != 0) {
          throw new ValidationException(
              "offsets[" + i + "]", "must be a whole number of seconds, was " + d);
        }
        if (sorted.contains(d)) {
          throw new ValidationException("offsets", "lists " + d + " twice");
        }
        sorted.add(d);
      }
      sorted.sort(Comparator.reverseOrder());
      this.offsets = List.copyOf(sorted);
      return this;
    }

    /**
     * How long after its send time a reminder may still go out; default 30 minutes.
     *
     * @param grace positive, at most 60 days
     * @return this builder
     */
    public Builder grace(Duration grace) {
      this.grace = Checks.atMost(Checks.positive(grace, "grace"), MAX_OFFSET, "grace");
      return this;
    }

    /** {@return the policy, immutable} */
    public ReminderPolicy build() {
      return new ReminderPolicy(this);
    }
  }
}
