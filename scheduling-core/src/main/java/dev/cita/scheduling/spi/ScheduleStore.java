package dev.cita.scheduling.spi;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where each tenant keeps its resources' schedules (hours, overrides, time off) and its appointment
 * types. Implement it for your database, or use the in-memory or JDBC one.
 */
public interface ScheduleStore {
  /**
   * Reads a resource's schedule.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return the schedule, or empty if the resource has none (it cannot be booked then)
   */
  Optional<Schedule> schedule(TenantId tenant, ResourceId resource);

  /**
   * Creates or replaces a resource's schedule.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param schedule its hours, overrides and time off
   */
  void saveSchedule(TenantId tenant, ResourceId resource, Schedule schedule);

  /**
   * Reads an appointment type.
   *
   * @param tenant the tenant
   * @param type the type's id
   * @return the type, or empty if the tenant has none with this id
   */
  Optional<AppointmentType> appointmentType(TenantId tenant, AppointmentTypeId type);

  /**
   * Creates or replaces an appointment type (keyed by its id).
   *
   * @param tenant the tenant
   * @param type the type
   */
  void saveAppointmentType(TenantId tenant, AppointmentType type);

  /**
   * {@return the tenant's resources that have a schedule}
   *
   * @param tenant the tenant
   */
  List<ResourceId> resources(TenantId tenant);
}
