package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link CalendarAssignmentStore} in memory. It holds what the application assigns,
 * one entry per (tenant, resource, provider), and nothing else.
 */
public final class InMemoryCalendarAssignmentStore implements CalendarAssignmentStore {
  private static final Comparator<ResourceCalendar> BY_TENANT_AND_RESOURCE =
      Comparator.comparing((ResourceCalendar a) -> a.tenant().value())
          .thenComparing(a -> a.resource().value());

  private record Key(TenantId tenant, ResourceId resource, String provider) {}

  private final Map<Key, ResourceCalendar> assignments = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryCalendarAssignmentStore() {}

  @Override
  public void save(ResourceCalendar assignment) {
    Checks.notNull(assignment, "assignment");
    assignments.put(
        new Key(assignment.tenant(), assignment.resource(), assignment.provider()), assignment);
  }

  @Override
  public Optional<ResourceCalendar> find(TenantId tenant, ResourceId resource, String provider) {
    return Optional.ofNullable(assignments.get(key(tenant, resource, provider)));
  }

  @Override
  public boolean delete(TenantId tenant, ResourceId resource, String provider) {
    return assignments.remove(key(tenant, resource, provider)) != null;
  }

  @Override
  public List<ResourceCalendar> list(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return assignments.values().stream()
        .filter(a -> a.connection().equals(connection))
        .sorted(BY_TENANT_AND_RESOURCE)
        .toList();
  }

  @Override
  public List<ResourceCalendar> list(String provider) {
    Checks.notNull(provider, "provider");
    return assignments.values().stream()
        .filter(a -> a.provider().equals(provider))
        .sorted(BY_TENANT_AND_RESOURCE)
        .toList();
  }

  private static Key key(TenantId tenant, ResourceId resource, String provider) {
    return new Key(
        Checks.notNull(tenant, "tenant"),
        Checks.notNull(resource, "resource"),
        Checks.notNull(provider, "provider"));
  }

  @Override
  public String toString() {
    return "InMemoryCalendarAssignmentStore{assignments=" + assignments.size() + '}';
  }
}
