package dev.cita.scheduling;

import dev.cita.scheduling.model.AppointmentStatus;

/**
 * A status change that the appointment lifecycle does not allow, such as moving a cancelled
 * appointment or completing a requested one. Nothing was written.
 */
public class InvalidTransitionException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The status the appointment has. */
  private final AppointmentStatus from;

  /** The status that was refused. */
  private final AppointmentStatus to;

  /**
   * Creates the exception for a refused status change.
   *
   * @param from the status the appointment has
   * @param to the status that was refused
   * @param reason why, for the message (e.g. {@code "CANCELLED is final"})
   */
  public InvalidTransitionException(AppointmentStatus from, AppointmentStatus to, String reason) {
    super("cannot move an appointment from " + from + " to " + to + ": " + reason);
    this.from = from;
    this.to = to;
  }

  /** {@return the status the appointment has} */
  public AppointmentStatus from() {
    return from;
  }

  /** {@return the status that was refused} */
  public AppointmentStatus to() {
    return to;
  }
}
