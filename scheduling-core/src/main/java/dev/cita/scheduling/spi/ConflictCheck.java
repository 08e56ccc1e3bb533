package dev.cita.scheduling.spi;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The booking rules a store runs inside its atomic write. The store loads the time-holding
 * appointments of the same tenant and resource that overlap {@link #lookupRange()} (leaving out the
 * appointment being written), calls {@link #verify}, and writes only if it returns. Stores never
 * implement the rules themselves; {@code BookingService} supplies them.
 *
 * <p>A collective appointment ({@link Appointment#participants()} not empty) holds several
 * resources: the store loads each resource's appointments and calls {@link #verify(ResourceId,
 * Appointment, List)} once per resource, all under the locks of every one of them, and writes only
 * if every call returns.
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
   * Decides whether {@code candidate} may hold {@code resource}'s time next to that resource's
   * {@code existing} appointments; stores call it for each of {@link Appointment#resources()}. The
   * default runs {@link #verify(Appointment, List)} on the candidate as seen by that resource (the
   * resource as its {@link Appointment#resource()}, no participants), so a refusal names it.
   *
   * @param resource one of the candidate's {@link Appointment#resources()}
   * @param candidate the appointment about to be written
   * @param existing the resource's time-holding appointments in {@link #lookupRange()}, without the
   *     candidate
   * @throws SlotUnavailableException if it may not
   */
  default void verify(ResourceId resource, Appointment candidate, List<Appointment> existing) {
    verify(asSeenBy(resource, candidate), existing);
  }

  /**
   * {@return {@code candidate} as one of its resources sees it} The candidate itself for its host
   * resource; for a participant, a copy with that resource as its resource, no participants and no
   * member events.
   *
   * @param resource one of the candidate's {@link Appointment#resources()}
   * @param candidate the appointment
   */
  static Appointment asSeenBy(ResourceId resource, Appointment candidate) {
    return resource.equals(candidate.resource())
        ? candidate
        : candidate.toBuilder()
            .participants(List.of())
            .memberRefs(Map.of())
            .resource(resource)
            .build();
  }

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
