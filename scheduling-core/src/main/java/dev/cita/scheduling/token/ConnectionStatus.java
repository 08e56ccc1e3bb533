package dev.cita.scheduling.token;

/** Where a tenant's connection to a provider stands. */
public enum ConnectionStatus {
  /** Tokens are stored and work (or refresh). */
  CONNECTED,
  /** The provider rejected the refresh token: the tenant must authorize again. */
  NEEDS_REAUTHORIZATION,
  /** The tenant or the provider revoked access. */
  REVOKED,
  /**
   * The tenant disconnected and the credential is being revoked at the provider: it is no longer
   * handed out, and it is deleted here once the provider has revoked it (or the retries are used
   * up). See {@link CredentialManager#disconnect}.
   */
  REVOKING,
  /** There is no connection. */
  NOT_CONNECTED
}
