package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MappingLines;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import dev.cita.scheduling.spi.ProviderMappingStore;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link ProviderMappingStore} in memory. It holds what the application maps, one
 * list of lines per (tenant, provider), and nothing else.
 */
public final class InMemoryProviderMappingStore implements ProviderMappingStore {
  private record Key(TenantId tenant, String provider) {}

  private final Map<Key, List<ProviderMapping>> lines = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemoryProviderMappingStore() {}

  @Override
  public void replace(TenantId tenant, String provider, List<ProviderMapping> mappings) {
    List<ProviderMapping> sorted = MappingLines.checked(tenant, provider, mappings);
    if (sorted.isEmpty()) {
      lines.remove(new Key(tenant, provider));
    } else {
      lines.put(new Key(tenant, provider), sorted);
    }
  }

  @Override
  public List<ProviderMapping> list(TenantId tenant, String provider) {
    return lines.getOrDefault(
        new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(provider, "provider")), List.of());
  }

  @Override
  public List<TenantId> tenants(String provider) {
    Checks.notNull(provider, "provider");
    return lines.keySet().stream()
        .filter(k -> k.provider().equals(provider))
        .map(Key::tenant)
        .sorted(Comparator.comparing(TenantId::value))
        .toList();
  }

  @Override
  public List<ProviderMapping> findByExternalId(String provider, String kind, String externalId) {
    Checks.notNull(provider, "provider");
    Checks.notNull(kind, "kind");
    Checks.notNull(externalId, "externalId");
    return lines.entrySet().stream()
        .filter(e -> e.getKey().provider().equals(provider))
        .flatMap(e -> e.getValue().stream())
        .filter(m -> m.kind().equals(kind) && m.externalId().equals(externalId))
        .sorted(Comparator.comparing(m -> m.tenant().value()))
        .toList();
  }

  @Override
  public String toString() {
    return "InMemoryProviderMappingStore{tenants=" + lines.size() + '}';
  }
}
