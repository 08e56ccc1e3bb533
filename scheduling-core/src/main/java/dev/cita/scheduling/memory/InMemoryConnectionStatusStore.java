package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link ConnectionStatusStore} in memory. */
public final class InMemoryConnectionStatusStore implements ConnectionStatusStore {
  private final Map<ConnectionKey, ConnectionState> states = new ConcurrentHashMap<>();

  @Override
  public Optional<ConnectionState> load(ConnectionKey connection) {
    return Optional.ofNullable(states.get(Checks.notNull(connection, "connection")));
  }

  @Override
  public void save(ConnectionKey connection, ConnectionState state) {
    states.put(Checks.notNull(connection, "connection"), Checks.notNull(state, "state"));
  }
}
