package dev.cita.scheduling;

/**
 * The unchecked root of every error Cita raises. Catch a subclass to act on a specific cause
 * (a slot that was taken, a bad field, an illegal status move); catch this to handle them all.
 */
public class SchedulingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SchedulingException(String message) {
    super(message);
  }

  public SchedulingException(String message, Throwable cause) {
    super(message, cause);
  }
}
