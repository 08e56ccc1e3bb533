package dev.cita.scheduling.model;

/**
 * Where an appointment stands in its lifecycle. The allowed moves and which statuses hold time are
 * defined once, in {@link dev.cita.scheduling.status.AppointmentLifecycle}.
 */
public enum AppointmentStatus {
  /** Waiting for the host to approve it. Holds time. */
  REQUESTED,
  /** Booked. Holds time. */
  SCHEDULED,
  /** Booked and confirmed by the attendee or host. Holds time. */
  CONFIRMED,
  /** Moved to a new time, which it holds. */
  RESCHEDULED,
  /** Cancelled by either side, or rejected by the host. Final. */
  CANCELLED,
  /** Took place. Final. */
  COMPLETED,
  /** The attendee did not come. Final, but a provider may revert it. */
  NO_SHOW
}
