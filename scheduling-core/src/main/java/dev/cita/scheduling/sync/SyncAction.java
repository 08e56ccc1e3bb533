package dev.cita.scheduling.sync;

/**
 * What an {@link OutboxEntry} asks a calendar provider to do with an appointment's remote event.
 */
public enum SyncAction {
  /** Create the remote event (idempotent per appointment). */
  CREATE,
  /** Move or edit the remote event. */
  UPDATE,
  /** Cancel the remote event. */
  CANCEL,
  /** Record that the attendee did not come. */
  NO_SHOW
}
