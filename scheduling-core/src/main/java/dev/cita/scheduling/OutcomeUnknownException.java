package dev.cita.scheduling;

/**
 * A write lost its connection to the store (a dropped or terminated database session) before the
 * store could say whether it committed: the change may or may not have been made. Read the
 * appointment again before acting; a booking sent again with the same idempotency key is safe, it
 * returns the appointment if the first attempt did commit and books it otherwise.
 *
 * <p>This is the store's unknown outcome; the same situation at a calendar or messaging provider is
 * a {@link ProviderException} whose {@link ProviderException#isOutcomeUnknown()} is true.
 */
public class OutcomeUnknownException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for a write whose commit could not be confirmed.
   *
   * @param message what was being written
   * @param cause the store's failure, such as the driver's connection error
   */
  public OutcomeUnknownException(String message, Throwable cause) {
    super(message, cause);
  }
}
