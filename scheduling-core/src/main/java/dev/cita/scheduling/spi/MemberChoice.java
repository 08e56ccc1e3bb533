package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import java.time.Instant;
import java.util.List;

/**
 * Which member of an any-of (round-robin) team an appointment goes to, decided inside the store's
 * atomic write: the store holds the write locks of every member while it calls {@link #order}, so
 * the appointments the choice reads cannot change before the chosen member's row is written. Stores
 * never implement the policy themselves; {@code BookingService} supplies it.
 */
@FunctionalInterface
public interface MemberChoice {
  /**
   * Orders the members, most preferred first; the store writes the appointment for the first one
   * whose {@link ConflictCheck} passes.
   *
   * @param members the team's members, in the caller's order
   * @param history the members' appointments, read inside the store's write
   * @return the same members, most preferred first
   */
  List<ResourceId> order(List<ResourceId> members, History history);

  /** A read of the members' appointments inside the store's write. */
  @FunctionalInterface
  interface History {
    /**
     * Time-holding appointments of one member that overlap {@code [from, to)}, as {@link
     * AppointmentStore#findTimeHolding} returns them.
     *
     * @param member the member
     * @param from the start of the span, inclusive
     * @param to the end of the span, exclusive
     * @return the appointments, sorted by start; empty if none
     */
    List<Appointment> timeHolding(ResourceId member, Instant from, Instant to);
  }
}
