package dev.cita.scheduling.memory;

import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ClosureStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A thread-safe {@link ClosureStore} in memory, for tests, demos and single-node apps. It holds
 * only what the application writes (closures are configuration, not traffic).
 */
public final class InMemoryClosureStore implements ClosureStore {
  private final Map<TenantId, TreeMap<String, Closure>> byTenant = new HashMap<>();

  /** An empty store. */
  public InMemoryClosureStore() {}

  @Override
  public synchronized void save(TenantId tenant, Closure closure) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(closure, "closure");
    byTenant.computeIfAbsent(tenant, t -> new TreeMap<>()).put(closure.id(), closure);
  }

  @Override
  public synchronized boolean remove(TenantId tenant, String id) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(id, "id");
    TreeMap<String, Closure> closures = byTenant.get(tenant);
    if (closures == null || closures.remove(id) == null) {
      return false;
    }
    if (closures.isEmpty()) {
      byTenant.remove(tenant);
    }
    return true;
  }

  @Override
  public synchronized List<Closure> list(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    TreeMap<String, Closure> closures = byTenant.get(tenant);
    return closures == null ? List.of() : List.copyOf(closures.values());
  }
}
