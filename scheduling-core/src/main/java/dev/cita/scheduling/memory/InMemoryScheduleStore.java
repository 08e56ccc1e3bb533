package dev.cita.scheduling.memory;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ScheduleStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link ScheduleStore} in memory. */
public final class InMemoryScheduleStore implements ScheduleStore {
  private record ResourceKey(TenantId tenant, ResourceId resource) {}

  private record TypeKey(TenantId tenant, AppointmentTypeId type) {}

  private final Map<ResourceKey, Schedule> schedules = new ConcurrentHashMap<>();
  private final Map<TypeKey, AppointmentType> types = new ConcurrentHashMap<>();

  @Override
  public Optional<Schedule> schedule(TenantId tenant, ResourceId resource) {
    return Optional.ofNullable(
        schedules.get(
            new ResourceKey(
                Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))));
  }

  @Override
  public void saveSchedule(TenantId tenant, ResourceId resource, Schedule schedule) {
    schedules.put(
        new ResourceKey(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")),
        Checks.notNull(schedule, "schedule"));
  }

  @Override
  public Optional<AppointmentType> appointmentType(TenantId tenant, AppointmentTypeId type) {
    return Optional.ofNullable(
        types.get(
            new TypeKey(
                Checks.notNull(tenant, "tenant"), Checks.notNull(type, "appointmentType"))));
  }

  @Override
  public void saveAppointmentType(TenantId tenant, AppointmentType type) {
    Checks.notNull(type, "appointmentType");
    types.put(new TypeKey(Checks.notNull(tenant, "tenant"), type.id()), type);
  }

  @Override
  public List<ResourceId> resources(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return schedules.keySet().stream()
        .filter(k -> k.tenant().equals(tenant))
        .map(ResourceKey::resource)
        .sorted(Comparator.comparing(ResourceId::value))
        .toList();
  }
}
