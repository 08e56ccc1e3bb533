/**
 * The transactional outbox that carries booking changes to calendar providers: an {@link
 * dev.cita.scheduling.sync.OutboxEntry} is written together with the appointment change it
 * describes, and a {@link dev.cita.scheduling.sync.SyncWorker} pushes entries in order per
 * appointment, with retries, backoff and a dead-letter state.
 */
@NullMarked
package dev.cita.scheduling.sync;

import org.jspecify.annotations.NullMarked;
