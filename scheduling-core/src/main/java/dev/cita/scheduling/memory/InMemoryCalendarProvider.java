package dev.cita.scheduling.memory;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fake connected calendar for tests and demos: busy time is whatever you {@link #addBusy add},
 * events live in a map, and {@link #failing(boolean)} makes every call fail as a provider outage
 * would.
 */
public final class InMemoryCalendarProvider implements CalendarProvider {
  private record ResourceKey(TenantId tenant, ResourceId resource) {}

  private final String id;
  private final Map<ResourceKey, List<TimeInterval>> busy = new ConcurrentHashMap<>();
  private final Map<String, Appointment> events = new ConcurrentHashMap<>();
  private final AtomicBoolean failing = new AtomicBoolean();

  public InMemoryCalendarProvider(String id) {
    this.id = Checks.notBlank(id, "provider.id");
  }

  @Override
  public String id() {
    return id;
  }

  /** Marks time as busy in the resource's connected calendar. */
  public InMemoryCalendarProvider addBusy(TenantId tenant, ResourceId resource, TimeInterval interval) {
    busy.computeIfAbsent(new ResourceKey(tenant, resource), k -> new CopyOnWriteArrayList<>())
        .add(Checks.notNull(interval, "interval"));
    return this;
  }

  /** While true, every call throws as if the provider were unreachable. */
  public void failing(boolean fail) {
    failing.set(fail);
  }

  /** The events this fake holds, keyed by their external id. */
  public Map<String, Appointment> events() {
    return Map.copyOf(events);
  }

  @Override
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    failIfAsked();
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval i : busy.getOrDefault(new ResourceKey(tenant, resource), List.of())) {
      if (i.overlaps(range)) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public String createEvent(Appointment appointment) {
    failIfAsked();
    String externalId = id + "-" + appointment.id().value();
    events.put(externalId, appointment);
    return externalId;
  }

  @Override
  public void updateEvent(Appointment appointment, String externalId) {
    failIfAsked();
    events.put(externalId, appointment);
  }

  @Override
  public void cancelEvent(Appointment appointment, String externalId) {
    failIfAsked();
    events.remove(externalId);
  }

  private void failIfAsked() {
    if (failing.get()) {
      throw new SchedulingException("provider " + id + " is unavailable (simulated)");
    }
  }
}
