package dev.cita.scheduling.spi;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where each tenant keeps its resources' schedules (hours, overrides, time off) and its
 * appointment types. Implement it for your database, or use the in-memory or JDBC one.
 */
public interface ScheduleStore {
  Optional<Schedule> schedule(TenantId tenant, ResourceId resource);

  /** Creates or replaces a resource's schedule. */
  void saveSchedule(TenantId tenant, ResourceId resource, Schedule schedule);

  Optional<AppointmentType> appointmentType(TenantId tenant, AppointmentTypeId type);

  /** Creates or replaces an appointment type (keyed by its id). */
  void saveAppointmentType(TenantId tenant, AppointmentType type);

  /** The tenant's resources that have a schedule. */
  List<ResourceId> resources(TenantId tenant);
}
