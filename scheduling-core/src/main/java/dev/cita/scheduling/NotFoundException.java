package dev.cita.scheduling;

/** A referenced tenant-scoped entity (appointment, resource schedule, appointment type) does not exist. */
public class NotFoundException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String what, Object id) {
    super(what + " not found: " + id);
  }
}
