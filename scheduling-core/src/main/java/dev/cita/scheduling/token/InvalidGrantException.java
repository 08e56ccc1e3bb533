package dev.cita.scheduling.token;

import dev.cita.scheduling.SchedulingException;

/**
 * Thrown by a {@link TokenRefresher} when the provider answers {@code invalid_grant} (or its
 * equivalent): the refresh token was revoked or has expired. {@link CredentialManager} turns it
 * into {@link dev.cita.scheduling.ReauthorizationRequiredException}.
 */
public class InvalidGrantException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what the provider said, without any token
   */
  public InvalidGrantException(String message) {
    super(message);
  }
}
