package dev.cita.scheduling.notify;

/** What a message is about. */
public enum MessageKind {
  /** A new appointment was booked (or a requested one approved). */
  CONFIRMATION,
  /** An appointment was cancelled. */
  CANCELLATION,
  /** An appointment moved to a new time. */
  RESCHEDULE,
  /** An appointment is coming up. */
  REMINDER,
  /** The customer did not come to an appointment (issue 19; staff notices, off by default). */
  NO_SHOW
}
