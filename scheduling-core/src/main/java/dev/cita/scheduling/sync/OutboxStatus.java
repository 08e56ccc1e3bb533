package dev.cita.scheduling.sync;

/** Where an {@link OutboxEntry} is in its life: waiting to be pushed, pushed, or given up on. */
public enum OutboxStatus {
  /** Not pushed yet; due at {@link OutboxEntry#nextAttemptAt()}. */
  PENDING,
  /** Pushed to the provider. */
  DONE,
  /**
   * Given up on after too many attempts or a permanent error; kept with its last error until an
   * operator requeues it. Blocks the later entries of the same appointment and provider.
   */
  DEAD
}
