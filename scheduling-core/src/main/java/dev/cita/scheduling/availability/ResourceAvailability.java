package dev.cita.scheduling.availability;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import java.util.List;

/**
 * The inputs the slot engine needs for one resource: its schedule, its appointments (those that do
 * not hold time are ignored), busy time from connected calendars (which has no buffers) and the
 * closures of the tenant it belongs to (no buffers either).
 *
 * @param resource the resource the slots are for
 * @param schedule its opening hours, overrides and time off
 * @param appointments its booked appointments around the queried range, buffers included
 * @param externalBusy busy time read from its connected calendars; empty when none
 * @param closures the closures of its tenant (or branch), read in the schedule's zone; empty when
 *     none
 */
public record ResourceAvailability(
    ResourceId resource,
    Schedule schedule,
    List<Appointment> appointments,
    IntervalSet externalBusy,
    List<Closure> closures) {
  /**
   * Checks that no component is missing and copies the lists.
   *
   * @param resource the resource the slots are for
   * @param schedule its opening hours, overrides and time off
   * @param appointments its booked appointments
   * @param externalBusy busy time read from its connected calendars
   * @param closures the closures that apply to it
   * @throws dev.cita.scheduling.ValidationException if a component is null
   */
  public ResourceAvailability {
    Checks.notNull(resource, "resource");
    Checks.notNull(schedule, "schedule");
    appointments = List.copyOf(Checks.notNull(appointments, "appointments"));
    Checks.notNull(externalBusy, "externalBusy");
    closures = List.copyOf(Checks.notNull(closures, "closures"));
  }

  /**
   * The inputs for a resource under no closure.
   *
   * @param resource the resource the slots are for
   * @param schedule its opening hours, overrides and time off
   * @param appointments its booked appointments
   * @param externalBusy busy time read from its connected calendars
   * @throws dev.cita.scheduling.ValidationException if a component is null
   */
  public ResourceAvailability(
      ResourceId resource,
      Schedule schedule,
      List<Appointment> appointments,
      IntervalSet externalBusy) {
    this(resource, schedule, appointments, externalBusy, List.of());
  }

  /**
   * The inputs for a resource with no connected calendar (no external busy time).
   *
   * @param resource the resource the slots are for
   * @param schedule its opening hours, overrides and time off
   * @param appointments its booked appointments
   * @return the inputs, with empty external busy time
   */
  public static ResourceAvailability of(
      ResourceId resource, Schedule schedule, List<Appointment> appointments) {
    return new ResourceAvailability(resource, schedule, appointments, IntervalSet.empty());
  }

  /**
   * {@return these inputs under {@code closures} instead of the current ones}
   *
   * @param closures the closures that apply to the resource
   */
  public ResourceAvailability withClosures(List<Closure> closures) {
    return new ResourceAvailability(resource, schedule, appointments, externalBusy, closures);
  }
}
