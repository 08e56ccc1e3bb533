package dev.cita.scheduling;

/**
 * A referenced tenant-scoped entity (appointment, resource schedule, appointment type) does not
 * exist.
 */
public class NotFoundException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception; the message reads {@code "<what> not found: <id>"}.
   *
   * @param what the kind of entity, e.g. {@code "appointment"} or {@code "appointment type"}
   * @param id the id that was looked up
   */
  public NotFoundException(String what, Object id) {
    super(what + " not found: " + id);
  }
}
