package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.sync.OutboxEntry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One appointment as a store would write it, the rules it must pass, and the outbox entries written
 * with it: one member's version of an any-of booking, or one appointment of an all-or-none write of
 * several ({@link AppointmentStore#insertAll}, {@link AppointmentStore#updateAll}).
 *
 * @param appointment the appointment for this member (its {@link Appointment#resource()})
 * @param check the booking rules the store runs for this member
 * @param outbox the outbox entries to store with it, in the same atomic write; unmodifiable
 */
public record Placement(Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
  /**
   * Checks the components and copies the outbox list.
   *
   * @param appointment the appointment for this member
   * @param check the booking rules the store runs for this member
   * @param outbox the outbox entries to store with it
   * @throws dev.cita.scheduling.ValidationException if a component is missing
   */
  public Placement {
    Checks.notNull(appointment, "placement.appointment");
    Checks.notNull(check, "placement.check");
    outbox = List.copyOf(Checks.notNull(outbox, "placement.outbox"));
  }

  /**
   * Checks the placements of one all-or-none write of several appointments: at least one, all of
   * one tenant, each with a different appointment id, each holding one resource (a collective
   * appointment, with {@link Appointment#participants()}, is written alone).
   *
   * @param placements the placements
   * @return an unmodifiable copy, in the given order
   * @throws dev.cita.scheduling.ValidationException naming {@code placements} if they do not fit
   */
  public static List<Placement> checkBatch(List<Placement> placements) {
    List<Placement> copy = List.copyOf(Checks.notNull(placements, "placements"));
    if (copy.isEmpty()) {
      throw new ValidationException("placements", "must hold at least one appointment");
    }
    Set<Object> ids = new HashSet<>();
    for (Placement p : copy) {
      if (!p.appointment().tenant().equals(copy.get(0).appointment().tenant())) {
        throw new ValidationException("placements", "must all be of one tenant");
      }
      if (!ids.add(p.appointment().id())) {
        throw new ValidationException(
            "placements", "name appointment " + p.appointment().id() + " twice");
      }
      if (!p.appointment().participants().isEmpty()) {
        throw new ValidationException(
            "placements", "appointment " + p.appointment().id() + " is collective: write it alone");
      }
    }
    return copy;
  }

  /**
   * Checks the placements of one any-of booking: at least one, all of one tenant and appointment
   * id, each for a different resource.
   *
   * @param placements the placements, one per member
   * @return an unmodifiable copy, in the given order
   * @throws dev.cita.scheduling.ValidationException naming {@code placements} if they do not fit
   */
  public static List<Placement> checkTeam(List<Placement> placements) {
    List<Placement> copy = List.copyOf(Checks.notNull(placements, "placements"));
    if (copy.isEmpty()) {
      throw new ValidationException("placements", "must hold at least one member");
    }
    Appointment first = copy.get(0).appointment();
    Set<ResourceId> seen = new HashSet<>();
    for (Placement p : copy) {
      Appointment a = p.appointment();
      if (!a.tenant().equals(first.tenant()) || !a.id().equals(first.id())) {
        throw new ValidationException("placements", "must all be of one tenant and appointment id");
      }
      if (!seen.add(a.resource())) {
        throw new ValidationException("placements", "name resource " + a.resource() + " twice");
      }
    }
    return copy;
  }
}
