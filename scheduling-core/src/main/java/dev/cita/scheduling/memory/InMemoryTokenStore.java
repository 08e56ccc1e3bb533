package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link TokenStore} in memory; it holds whatever bytes it is given (ciphertext). */
public final class InMemoryTokenStore implements TokenStore {
  private final Map<ConnectionKey, byte[]> rows = new ConcurrentHashMap<>();

  @Override
  public void save(ConnectionKey connection, byte[] sealedCredential) {
    Checks.notNull(connection, "connection");
    Checks.notNull(sealedCredential, "sealedCredential");
    rows.put(connection, sealedCredential.clone());
  }

  @Override
  public Optional<byte[]> load(ConnectionKey connection) {
    byte[] row = rows.get(Checks.notNull(connection, "connection"));
    return row == null ? Optional.empty() : Optional.of(row.clone());
  }

  @Override
  public boolean replace(ConnectionKey connection, byte[] expected, byte[] replacement) {
    Checks.notNull(connection, "connection");
    Checks.notNull(expected, "expected");
    Checks.notNull(replacement, "replacement");
    boolean[] replaced = {false};
    rows.computeIfPresent(
        connection,
        (k, current) -> {
          if (!Arrays.equals(current, expected)) {
            return current;
          }
          replaced[0] = true;
          return replacement.clone();
        });
    return replaced[0];
  }

  @Override
  public boolean delete(ConnectionKey connection) {
    return rows.remove(Checks.notNull(connection, "connection")) != null;
  }

  @Override
  public List<ConnectionKey> list(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return rows.keySet().stream().filter(k -> k.tenant().equals(tenant)).toList();
  }

  @Override
  public List<ConnectionKey> listAll() {
    return List.copyOf(rows.keySet());
  }
}
