package dev.cita.scheduling.memory;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link AppointmentStore} in memory, for tests, demos and single-node apps that
 * do not need persistence. Writes for one tenant and resource are serialized by a lock, so the
 * conflict check and the write are one atomic step.
 */
public final class InMemoryAppointmentStore implements AppointmentStore {
  private record Key(TenantId tenant, AppointmentId id) {}

  private record ResourceKey(TenantId tenant, ResourceId resource) {}

  private final Map<Key, Appointment> byId = new ConcurrentHashMap<>();
  private final Map<ResourceKey, Map<AppointmentId, Appointment>> byResource = new ConcurrentHashMap<>();
  private final Map<ResourceKey, Object> locks = new ConcurrentHashMap<>();

  @Override
  public Appointment insert(Appointment appointment, ConflictCheck check) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    ResourceKey rk = new ResourceKey(appointment.tenant(), appointment.resource());
    synchronized (lockFor(rk)) {
      Key key = new Key(appointment.tenant(), appointment.id());
      if (byId.containsKey(key)) {
        throw new DuplicateAppointmentException(appointment.id());
      }
      verify(rk, appointment, check);
      write(rk, appointment);
      return appointment;
    }
  }

  @Override
  public Appointment update(Appointment appointment, ConflictCheck check) {
    Checks.notNull(appointment, "appointment");
    Checks.notNull(check, "check");
    ResourceKey rk = new ResourceKey(appointment.tenant(), appointment.resource());
    synchronized (lockFor(rk)) {
      Key key = new Key(appointment.tenant(), appointment.id());
      Appointment current = byId.get(key);
      if (current == null) {
        throw new NotFoundException("appointment", appointment.id());
      }
      if (current.version() != appointment.version()) {
        throw new ConcurrentUpdateException("appointment " + appointment.id() + " is at version "
            + current.version() + ", the update was based on version " + appointment.version());
      }
      verify(rk, appointment, check);
      Appointment stored = appointment.toBuilder().version(appointment.version() + 1).build();
      if (!current.resource().equals(stored.resource())) {
        byResource.get(new ResourceKey(current.tenant(), current.resource())).remove(current.id());
      }
      write(rk, stored);
      return stored;
    }
  }

  @Override
  public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "appointmentId");
    return Optional.ofNullable(byId.get(new Key(tenant, id)));
  }

  @Override
  public List<Appointment> findTimeHolding(TenantId tenant, ResourceId resource, Instant from, Instant to) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    return overlapping(new ResourceKey(tenant, resource), new TimeInterval(from, to), null);
  }

  /** The number of appointments stored, of every status. */
  public int size() {
    return byId.size();
  }

  private void verify(ResourceKey rk, Appointment candidate, ConflictCheck check) {
    Optional<TimeInterval> range = check.lookupRange();
    List<Appointment> existing = range.isPresent()
        ? overlapping(rk, range.get(), candidate.id()) : List.of();
    check.verify(candidate, existing);
  }

  private List<Appointment> overlapping(ResourceKey rk, TimeInterval range, AppointmentId except) {
    Map<AppointmentId, Appointment> all = byResource.getOrDefault(rk, Map.of());
    List<Appointment> out = new ArrayList<>();
    for (Appointment a : all.values()) {
      if (AppointmentLifecycle.holdsTime(a.status()) && !a.id().equals(except)
          && a.start().isBefore(range.end()) && a.end().isAfter(range.start())) {
        out.add(a);
      }
    }
    out.sort(Comparator.comparing(Appointment::start).thenComparing(a -> a.id().value()));
    return out;
  }

  private void write(ResourceKey rk, Appointment appointment) {
    byResource.computeIfAbsent(rk, k -> new ConcurrentHashMap<>()).put(appointment.id(), appointment);
    byId.put(new Key(appointment.tenant(), appointment.id()), appointment);
  }

  private Object lockFor(ResourceKey rk) {
    return locks.computeIfAbsent(rk, k -> new Object());
  }
}
