package dev.cita.scheduling.calendly;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link SigningKeyStore} in memory, for tests and the quick start. */
public final class InMemorySigningKeyStore implements SigningKeyStore {
  private final Map<TenantId, Map<String, String>> keys = new ConcurrentHashMap<>();

  /** An empty store. */
  public InMemorySigningKeyStore() {}

  @Override
  public void save(TenantId tenant, String subscriptionUri, String signingKey) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(subscriptionUri, "subscriptionUri");
    Checks.notBlank(signingKey, "signingKey");
    keys.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).put(subscriptionUri, signingKey);
  }

  @Override
  public boolean delete(TenantId tenant, String subscriptionUri) {
    Map<String, String> own = keys.get(Checks.notNull(tenant, "tenant"));
    return own != null && own.remove(Checks.notBlank(subscriptionUri, "subscriptionUri")) != null;
  }

  @Override
  public List<String> signingKeys(TenantId tenant) {
    Map<String, String> own = keys.get(Checks.notNull(tenant, "tenant"));
    return own == null ? List.of() : List.copyOf(own.values());
  }

  @Override
  public String toString() {
    return "InMemorySigningKeyStore{tenants=" + keys.size() + '}';
  }
}
