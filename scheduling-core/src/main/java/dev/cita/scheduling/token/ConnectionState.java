package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;

/** A connection's status, when it last changed and why. */
public record ConnectionState(ConnectionStatus status, Instant changedAt, String reason) {
  public ConnectionState {
    Checks.notNull(status, "connectionState.status");
    Checks.notNull(changedAt, "connectionState.changedAt");
    Checks.notNull(reason, "connectionState.reason");
  }
}
