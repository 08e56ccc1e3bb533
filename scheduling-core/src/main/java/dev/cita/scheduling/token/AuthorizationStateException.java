package dev.cita.scheduling.token;

import dev.cita.scheduling.ValidationException;

/**
 * An OAuth callback carried a {@code state} that is missing, unknown, already used, expired, or
 * issued for another provider; the callback must be refused. {@link #field()} is {@code "state"},
 * and the message never repeats the state value.
 */
public class AuthorizationStateException extends ValidationException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception on field {@code state}.
   *
   * @param problem what is wrong with the state, without repeating it (e.g. {@code "has expired"})
   */
  public AuthorizationStateException(String problem) {
    super("state", problem);
  }
}
