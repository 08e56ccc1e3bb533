package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;

/**
 * A connection's status, when it last changed and why.
 *
 * @param status where the connection stands
 * @param changedAt when it last changed
 * @param reason why, such as {@code "connected"} or the provider's error code; never a token
 */
public record ConnectionState(ConnectionStatus status, Instant changedAt, String reason) {
  /**
   * Checks that no component is missing.
   *
   * @param status where the connection stands
   * @param changedAt when it last changed
   * @param reason why it changed
   * @throws dev.cita.scheduling.ValidationException if a component is missing
   */
  public ConnectionState {
    Checks.notNull(status, "connectionState.status");
    Checks.notNull(changedAt, "connectionState.changedAt");
    Checks.notNull(reason, "connectionState.reason");
  }
}
