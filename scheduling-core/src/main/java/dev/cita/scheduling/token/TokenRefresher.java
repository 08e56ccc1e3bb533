package dev.cita.scheduling.token;

/**
 * Exchanges a refresh token for new tokens at one provider; each adapter supplies its own.
 * Implementations make one attempt: {@link CredentialManager} decides about retries.
 */
@FunctionalInterface
public interface TokenRefresher {
  /**
   * Returns the new credential. If the provider rotated the refresh token, the result carries the
   * new one; if it did not, the result keeps the current one.
   *
   * @param current the stored credential, with its refresh token
   * @return the new credential
   * @throws InvalidGrantException when the provider says the grant is no longer valid
   * @throws dev.cita.scheduling.ProviderException for other failures (retryable or not)
   */
  OAuthCredential refresh(OAuthCredential current);
}
