package dev.cita.scheduling;

/**
 * An update lost an optimistic-version race: someone else changed the appointment first. Nothing
 * was written; reload and try again.
 */
public class ConcurrentUpdateException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; stores throw it when the version they were given is no longer current.
   *
   * @param message which appointment and which versions clashed
   */
  public ConcurrentUpdateException(String message) {
    super(message);
  }
}
