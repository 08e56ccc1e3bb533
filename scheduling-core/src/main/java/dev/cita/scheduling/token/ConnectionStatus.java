package dev.cita.scheduling.token;

/** Where a tenant's connection to a provider stands. */
public enum ConnectionStatus {
  /** Tokens are stored and work (or refresh). */
  CONNECTED,
  /** The provider rejected the refresh token: the tenant must authorize again. */
  NEEDS_REAUTHORIZATION,
  /** The tenant or the provider revoked access. */
  REVOKED,
  /** There is no connection. */
  NOT_CONNECTED
}
