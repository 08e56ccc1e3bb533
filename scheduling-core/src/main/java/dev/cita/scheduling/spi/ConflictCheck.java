package dev.cita.scheduling.spi;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TimeInterval;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The booking rules a store runs inside its atomic write. The store loads the time-holding
 * appointments of the same tenant and resource that overlap {@link #lookupRange()} (leaving out the
 * appointment being written), calls {@link #verify}, and writes only if it returns. Stores never
 * implement the rules themselves; {@code BookingService} supplies them.
 */
public interface ConflictCheck {
  /** {@return the span whose appointments the check needs to see; empty when it needs none} */
  Optional<TimeInterval> lookupRange();

  /**
   * Decides whether {@code candidate} may be written next to {@code existing}.
   *
   * @param candidate the appointment about to be written
   * @param existing the time-holding appointments in {@link #lookupRange()}, without the candidate
   * @throws SlotUnavailableException if it may not
   */
  void verify(Appointment candidate, List<Appointment> existing);

  /**
   * {@return the most time-holding appointments one slot of the candidate may hold (its type's
   * seats)} For stores that number seats so that the database itself refuses an over-full slot;
   * empty when the check sets no cap (a write that only records what a provider already accepted).
   */
  default OptionalInt seatsPerSlot() {
    return OptionalInt.empty();
  }

  /**
   * {@return the check that accepts everything} For writes that free time or leave it unchanged (a
   * cancellation, a confirmation).
   */
  static ConflictCheck none() {
    return NoCheck.INSTANCE;
  }

  /** The check that checks nothing. */
  enum NoCheck implements ConflictCheck {
    /** The only instance. */
    INSTANCE;

    @Override
    public Optional<TimeInterval> lookupRange() {
      return Optional.empty();
    }

    @Override
    public void verify(Appointment candidate, List<Appointment> existing) {}
  }
}
