package dev.cita.scheduling.spi;

import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import java.util.Optional;

/** Remembers each connection's status and when and why it last changed. */
public interface ConnectionStatusStore {
  Optional<ConnectionState> load(ConnectionKey connection);

  void save(ConnectionKey connection, ConnectionState state);
}
