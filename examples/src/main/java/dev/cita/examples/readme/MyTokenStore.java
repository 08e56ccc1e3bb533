package dev.cita.examples.readme;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A TokenStore of your own; this one keeps rows in a map where yours would use your database. */
public class MyTokenStore implements TokenStore {
  private final Map<ConnectionKey, byte[]> rows = new ConcurrentHashMap<>();

  @Override
  public void save(ConnectionKey connection, byte[] sealedCredential) {
    rows.put(connection, sealedCredential.clone());
  }

  @Override
  public Optional<byte[]> load(ConnectionKey connection) {
    return Optional.ofNullable(rows.get(connection)).map(byte[]::clone);
  }

  @Override
  public boolean replace(ConnectionKey connection, byte[] expected, byte[] replacement) {
    byte[] copy = replacement.clone();
    return rows.computeIfPresent(
            connection, (key, old) -> Arrays.equals(old, expected) ? copy : old)
        == copy;
  }

  @Override
  public boolean delete(ConnectionKey connection) {
    return rows.remove(connection) != null;
  }

  @Override
  public List<ConnectionKey> list(TenantId tenant) {
    return rows.keySet().stream().filter(k -> k.tenant().equals(tenant)).toList();
  }

  @Override
  public List<ConnectionKey> listAll() {
    return List.copyOf(rows.keySet());
  }
}
