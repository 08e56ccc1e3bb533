package dev.cita.scheduling.spi;

import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.PendingRevocation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Remembers each connection's status and when and why it last changed, and, for connections being
 * disconnected ({@code REVOKING}), their {@link PendingRevocation}.
 */
public interface ConnectionStatusStore {
  /**
   * Reads a connection's status.
   *
   * @param connection the tenant's connection to a provider
   * @return the last saved state, or empty if none was ever saved
   */
  Optional<ConnectionState> load(ConnectionKey connection);

  /**
   * Creates or replaces a connection's status. It also ends the connection's pending revocation, if
   * it had one.
   *
   * @param connection the tenant's connection to a provider
   * @param state the new status, with when and why it changed
   */
  void save(ConnectionKey connection, ConnectionState state);

  /**
   * Saves {@code state} (status {@code REVOKING}) and {@code next} for {@code next.connection()},
   * atomically and only if the connection's pending revocation still counts {@code
   * expectedAttempts} attempts; {@code 0} means the connection is not {@code REVOKING} now (no row,
   * or another status), which starts a revocation. Of several callers (threads or nodes) with the
   * same expectation exactly one gets {@code true}: the one that may call the provider.
   *
   * <p>The default throws: a store must implement this and {@link #dueRevocations} before a {@code
   * TokenRevoker} is registered with the {@code CredentialManager} that uses it.
   *
   * @param state the connection's new state, status {@code REVOKING}
   * @param next the revocation's attempt count after this claim, and when the next may be claimed
   * @param expectedAttempts the attempt count the caller read, or 0 to start a revocation
   * @return true if this caller's write happened
   * @throws UnsupportedOperationException if the store does not keep pending revocations
   */
  default boolean claimRevocation(
      ConnectionState state, PendingRevocation next, int expectedAttempts) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not keep pending revocations");
  }

  /**
   * The pending revocations whose next attempt is due, earliest first, of every tenant.
   *
   * @param now the current time; revocations with {@code dueAt <= now} are due
   * @param limit the most to return, at least 1
   * @return the due revocations
   * @throws UnsupportedOperationException if the store does not keep pending revocations
   */
  default List<PendingRevocation> dueRevocations(Instant now, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not keep pending revocations");
  }

  /**
   * How many connections of every tenant have {@code status}, per provider, for metrics and health
   * checks (for example {@link ConnectionStatus#NEEDS_REAUTHORIZATION}: businesses to ask to
   * reconnect). Providers with none are left out. Must be cheap: stores should answer from an index
   * on the status.
   *
   * <p>The default throws: a store must implement it and {@link #withStatus} before connection
   * metrics or health checks use it.
   *
   * @param status the status counted
   * @return the count per provider id, sorted by provider; empty if none
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default SortedMap<String, Long> countByProvider(ConnectionStatus status) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not count connections by status");
  }

  /**
   * The connections of one provider that have {@code status}, of every tenant, ordered by tenant
   * and account, at most {@code limit}: which businesses to ask to reconnect, on an operator's
   * request.
   *
   * @param status the status looked for
   * @param provider the provider id
   * @param limit the most to return, at least 1
   * @return the connections, ordered by tenant and account
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default List<ConnectionKey> withStatus(ConnectionStatus status, String provider, int limit) {
    throw new UnsupportedOperationException(
        getClass().getName() + " does not list connections by status");
  }
}
