package dev.cita.scheduling;

import dev.cita.scheduling.model.ResourceId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The requested time cannot be booked (taken, outside the open hours, too soon, too far ahead,
 * full, over the daily cap, or in hours a provider has not answered for). Nothing was written;
 * offer the caller fresh slots. {@link #reason()} says which rule refused.
 */
public class SlotUnavailableException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The rule that refused the time. */
  public enum Reason {
    /**
     * Overlaps another appointment of the resource, or that appointment's buffer (or its own buffer
     * overlaps one).
     */
    OTHER_APPOINTMENT,
    /** Overlaps the resource's time off. */
    TIME_OFF,
    /** Overlaps busy time reported by a connected calendar. */
    EXTERNAL_BUSY,
    /**
     * Overlaps a closure of the tenant or branch (a public holiday, a day closed for inventory).
     */
    CLOSED,
    /** Every seat of the slot is taken. */
    SEATS_TAKEN,
    /** The resource already has the most appointments of this type allowed on that local date. */
    DAILY_LIMIT,
    /** Sooner than the type's minimum notice. */
    TOO_SOON,
    /** Beyond the type's booking horizon. */
    BEYOND_HORIZON,
    /** Outside the opening hours, off the slot grid, or not fitting inside an open window. */
    OUTSIDE_HOURS,
    /**
     * The resource's hours come from a provider ({@code Schedule.hoursFrom}) whose answer for this
     * time is not known: never read, or the read on booking failed or did not finish in time.
     */
    HOURS_UNKNOWN,
    /** The appointment does not last the type's duration. */
    WRONG_DURATION,
    /** A rule the refusal did not name (for example a custom {@code ConflictCheck}). */
    UNSPECIFIED
  }

  /** The rule that refused the time. */
  private final Reason reason;

  /** The resource whose rules refused, when the refusal is of one resource. */
  private final @Nullable String resource;

  /**
   * Creates the exception with reason {@link Reason#UNSPECIFIED}, for a custom conflict check.
   *
   * @param message why the time cannot be booked
   */
  public SlotUnavailableException(String message) {
    this(Reason.UNSPECIFIED, message);
  }

  /**
   * Creates the exception for a refusal by a named rule.
   *
   * @param reason the rule that refused the time
   * @param message why the time cannot be booked, for logs
   */
  public SlotUnavailableException(Reason reason, String message) {
    this(reason, null, message);
  }

  /**
   * Creates the exception for a refusal by a named rule of one resource, for example the member of
   * a collective booking that is busy.
   *
   * @param reason the rule that refused the time
   * @param resource the resource whose rules refused; {@code null} when not known
   * @param message why the time cannot be booked, for logs
   */
  public SlotUnavailableException(Reason reason, @Nullable ResourceId resource, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
    this.resource = resource == null ? null : resource.value();
  }

  /**
   * {@return the resource whose rules refused the time, when known} The booking service names it
   * for every refusal by its rules; for a collective booking it is the member that cannot take the
   * time.
   */
  public Optional<ResourceId> resource() {
    return Optional.ofNullable(resource).map(ResourceId::of);
  }

  /** {@return which rule refused the time} */
  public Reason reason() {
    return reason;
  }
}
