package dev.cita.scheduling.spi;

import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import java.util.Optional;

/** Remembers each connection's status and when and why it last changed. */
public interface ConnectionStatusStore {
  /**
   * Reads a connection's status.
   *
   * @param connection the tenant's connection to a provider
   * @return the last saved state, or empty if none was ever saved
   */
  Optional<ConnectionState> load(ConnectionKey connection);

  /**
   * Creates or replaces a connection's status.
   *
   * @param connection the tenant's connection to a provider
   * @param state the new status, with when and why it changed
   */
  void save(ConnectionKey connection, ConnectionState state);
}
