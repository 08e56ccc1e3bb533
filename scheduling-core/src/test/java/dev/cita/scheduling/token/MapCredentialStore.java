package dev.cita.scheduling.token;

import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/** A plain, thread-safe {@link CredentialStore} in memory that counts saves; test-only. */
class MapCredentialStore implements CredentialStore {
  private final Map<ConnectionKey, OAuthCredential> rows = new ConcurrentHashMap<>();
  final AtomicInteger saves = new AtomicInteger();

  /** Runs once, right after a load that found nothing (another node writing in between). */
  volatile @Nullable Runnable afterEmptyLoad;

  @Override
  public void save(ConnectionKey connection, OAuthCredential credential) {
    saves.incrementAndGet();
    rows.put(connection, credential);
  }

  @Override
  public Optional<OAuthCredential> load(ConnectionKey connection) {
    Optional<OAuthCredential> found = Optional.ofNullable(rows.get(connection));
    Runnable hook = afterEmptyLoad;
    if (found.isEmpty() && hook != null) {
      afterEmptyLoad = null;
      hook.run();
    }
    return found;
  }

  @Override
  public boolean delete(ConnectionKey connection) {
    return rows.remove(connection) != null;
  }

  @Override
  public List<ConnectionKey> list(TenantId tenant) {
    return rows.keySet().stream().filter(k -> k.tenant().equals(tenant)).toList();
  }
}
