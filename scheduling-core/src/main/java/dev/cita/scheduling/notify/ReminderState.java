package dev.cita.scheduling.notify;

/** Where a reminder stands in a {@link dev.cita.scheduling.spi.ReminderStore}. */
public enum ReminderState {
  /** Being sent by a worker, or waiting for another try after a failure. */
  CLAIMED,
  /** Accepted by the channel. Final: never sent again. */
  SENT,
  /** Given up after too many failures (or found obsolete). Final. */
  ABANDONED
}
