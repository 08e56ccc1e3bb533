package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;

/**
 * A disconnected connection whose credential still waits to be revoked at the provider: how many
 * attempts were claimed so far and when the next one may be claimed. Kept by the {@link
 * dev.cita.scheduling.spi.ConnectionStatusStore} next to the connection's {@link
 * ConnectionStatus#REVOKING} status, so every node sees it.
 *
 * @param connection the connection being disconnected
 * @param attempts the attempts claimed so far, at least 1
 * @param dueAt when the next attempt may be claimed; until then the last claimer owns the
 *     revocation
 */
public record PendingRevocation(ConnectionKey connection, int attempts, Instant dueAt) {
  /**
   * Checks the components.
   *
   * @param connection the connection being disconnected
   * @param attempts the attempts claimed so far
   * @param dueAt when the next attempt may be claimed
   * @throws dev.cita.scheduling.ValidationException if a component is missing or {@code attempts}
   *     is below 1
   */
  public PendingRevocation {
    Checks.notNull(connection, "pendingRevocation.connection");
    Checks.atLeast(attempts, 1, "pendingRevocation.attempts");
    Checks.notNull(dueAt, "pendingRevocation.dueAt");
  }
}
