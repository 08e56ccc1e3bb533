package dev.cita.scheduling;

import org.jspecify.annotations.Nullable;

/**
 * The unchecked root of every error Cita raises. Catch a subclass to act on a specific cause (a
 * slot that was taken, a bad field, an illegal status move); catch this to handle them all.
 */
public class SchedulingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message for logs and developers (not for end users).
   *
   * @param message what went wrong
   */
  public SchedulingException(String message) {
    super(message);
  }

  /**
   * Creates an exception caused by another one, such as a driver or I/O failure.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  public SchedulingException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }

  /** The message given to the constructor; never null, unlike {@link Throwable#getMessage()}. */
  @Override
  public String getMessage() {
    String message = super.getMessage();
    return message != null ? message : getClass().getName();
  }
}
