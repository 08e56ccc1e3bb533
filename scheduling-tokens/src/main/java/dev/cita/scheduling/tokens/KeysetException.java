package dev.cita.scheduling.tokens;

import dev.cita.scheduling.SchedulingException;

/**
 * A {@link TokenKeyset} could not be read, written or used: malformed JSON, a wrong master key, or
 * a keyset that is not an AEAD keyset. The message never contains key material.
 */
public class KeysetException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * @param message what failed, without key material
   */
  public KeysetException(String message) {
    super(message);
  }

  /**
   * @param message what failed, without key material
   * @param cause the underlying Tink failure
   */
  public KeysetException(String message, Throwable cause) {
    super(message, cause);
  }
}
