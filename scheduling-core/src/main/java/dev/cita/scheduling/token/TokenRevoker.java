package dev.cita.scheduling.token;

/**
 * Revokes a credential at one provider when its tenant disconnects (OAuth token revocation, RFC
 * 7009); each adapter whose provider offers it supplies one. Implementations make one attempt:
 * {@link CredentialManager} decides about retries and deletes the credential afterwards.
 */
@FunctionalInterface
public interface TokenRevoker {
  /**
   * Revokes the credential's grant at the provider, normally by revoking its refresh token (which
   * also ends the access tokens issued from it).
   *
   * @param credential the stored credential
   * @return true when the provider revoked it (or says it was no longer valid), false when this
   *     credential cannot be revoked there (a personal access token or API key, not issued to the
   *     OAuth client): it stays valid at the provider until the tenant deletes it there
   * @throws dev.cita.scheduling.ProviderException when the provider could not be reached or refused
   *     (retryable or not); never carrying a token or secret in its message
   */
  boolean revoke(OAuthCredential credential);
}
