package dev.cita.scheduling;

import dev.cita.scheduling.model.AppointmentId;

/**
 * A store was asked to insert an appointment whose id already exists, or whose idempotency key
 * another appointment of the tenant holds; {@link #id()} names the appointment that exists. {@link
 * BookingService} uses it to make retried, idempotent bookings return the first result.
 */
public class DuplicateAppointmentException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The appointment that exists. */
  private final AppointmentId id;

  /**
   * Creates the exception for an insert that found an existing appointment.
   *
   * @param id the id of the appointment that exists
   */
  public DuplicateAppointmentException(AppointmentId id) {
    super("appointment already exists: " + id);
    this.id = id;
  }

  /** {@return the id of the appointment that exists (holding the id or the idempotency key)} */
  public AppointmentId id() {
    return id;
  }
}
