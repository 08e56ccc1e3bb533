package dev.cita.scheduling;

import dev.cita.scheduling.model.AppointmentId;

/**
 * A store was asked to insert an appointment whose id already exists, or whose idempotency key
 * another appointment of the tenant holds; {@link #id()} names the appointment that exists.
 * {@link BookingService} uses it to make retried, idempotent bookings return the first result.
 */
public class DuplicateAppointmentException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final AppointmentId id;

  public DuplicateAppointmentException(AppointmentId id) {
    super("appointment already exists: " + id);
    this.id = id;
  }

  /** The id of the appointment that exists (holding the id or the idempotency key). */
  public AppointmentId id() {
    return id;
  }
}
