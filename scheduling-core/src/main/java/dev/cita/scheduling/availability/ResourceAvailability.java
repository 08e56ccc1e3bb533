package dev.cita.scheduling.availability;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import java.util.List;

/**
 * The inputs the slot engine needs for one resource: its schedule, its appointments (those that do
 * not hold time are ignored) and busy time from connected calendars (which has no buffers).
 */
public record ResourceAvailability(
    ResourceId resource, Schedule schedule, List<Appointment> appointments, IntervalSet externalBusy) {
  public ResourceAvailability {
    Checks.notNull(resource, "resource");
    Checks.notNull(schedule, "schedule");
    appointments = List.copyOf(Checks.notNull(appointments, "appointments"));
    Checks.notNull(externalBusy, "externalBusy");
  }

  public static ResourceAvailability of(ResourceId resource, Schedule schedule, List<Appointment> appointments) {
    return new ResourceAvailability(resource, schedule, appointments, IntervalSet.empty());
  }
}
