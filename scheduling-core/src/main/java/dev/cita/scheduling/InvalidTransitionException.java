package dev.cita.scheduling;

import dev.cita.scheduling.model.AppointmentStatus;

/**
 * A status change that the appointment lifecycle does not allow, such as moving a cancelled
 * appointment or completing a requested one. Nothing was written.
 */
public class InvalidTransitionException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final AppointmentStatus from;
  private final AppointmentStatus to;

  public InvalidTransitionException(AppointmentStatus from, AppointmentStatus to, String reason) {
    super("cannot move an appointment from " + from + " to " + to + ": " + reason);
    this.from = from;
    this.to = to;
  }

  /** The status the appointment has. */
  public AppointmentStatus from() {
    return from;
  }

  /** The status that was refused. */
  public AppointmentStatus to() {
    return to;
  }
}
