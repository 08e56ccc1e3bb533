package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where outbox entries wait to be pushed to providers. Entries are written by the {@link
 * AppointmentStore} in the same atomic step as the appointment change; this SPI is how a {@code
 * SyncWorker} claims and settles them.
 *
 * <p>Ordering: of the entries of one (tenant, appointment, provider) that are not {@link
 * OutboxStatus#DONE}, only the one with the lowest sequence can be claimed, so a cancel never
 * overtakes its create. A {@link OutboxStatus#DEAD} entry therefore blocks the later entries of the
 * same appointment and provider (until it is {@linkplain #requeue requeued}), but nothing else.
 *
 * <p>Claims: the settling calls ({@link #complete}, {@link #retryLater}, {@link #deadLetter}) take
 * the worker id and do nothing, returning false, unless that worker still holds the claim. A worker
 * whose lease expired and whose entry was claimed by another worker since has lost it; if nobody
 * claimed it since, its late answer is still accepted. Worker ids must be unique among the workers
 * sharing a store.
 */
public interface OutboxStore {
  /**
   * Atomically claims up to {@code limit} PENDING entries that are due ({@code nextAttemptAt <=
   * now}), whose lease is free or expired, and that are first in line for their appointment and
   * provider, leasing them to {@code worker} until {@code now + lease} and adding one to each one's
   * {@link OutboxEntry#claims()}. Oldest due first.
   *
   * <p>This claims entries of every provider. Workers that share a store but serve different
   * providers (the {@code SyncWorker} and a notification worker) must use {@link #claimDue(Instant,
   * int, String, Duration, Set)} instead, or they steal each other's entries.
   *
   * @param now the current instant
   * @param limit the most entries to claim
   * @param worker the claiming worker's id, unique among the workers
   * @param lease how long the claim lasts before another worker may take the entry
   * @return the claimed entries; empty if none is due
   * @throws dev.cita.scheduling.ValidationException if an argument is invalid, naming it
   */
  List<OutboxEntry> claimDue(Instant now, int limit, String worker, Duration lease);

  /**
   * Like {@link #claimDue(Instant, int, String, Duration)}, restricted to entries whose {@link
   * OutboxEntry#provider()} is one of {@code providers}: the others are neither claimed nor counted
   * against {@code limit}. Ordering and leases are as for the unfiltered claim.
   *
   * @param now the current instant
   * @param limit the most entries to claim
   * @param worker the claiming worker's id, unique among the workers
   * @param lease how long the claim lasts before another worker may take the entry
   * @param providers the provider ids to claim entries of; not empty
   * @return the claimed entries; empty if none of those providers' entries is due
   * @throws dev.cita.scheduling.ValidationException if an argument is invalid, naming it ({@code
   *     providers} when it is empty or holds a blank id)
   */
  List<OutboxEntry> claimDue(
      Instant now, int limit, String worker, Duration lease, Set<String> providers);

  /**
   * Marks a claimed entry DONE.
   *
   * @param entryId the entry
   * @param worker the worker that claimed it
   * @return false if {@code worker} no longer holds the claim
   */
  boolean complete(String entryId, String worker);

  /**
   * Releases a claimed entry to be tried again at {@code nextAttemptAt}. {@code possiblySent} true
   * marks the entry {@linkplain OutboxEntry#possiblySent() possibly sent} for good; false leaves
   * the mark as it was.
   *
   * @param entryId the entry
   * @param worker the worker that claimed it
   * @param attempts how many pushes have failed so far
   * @param nextAttemptAt when it becomes due again
   * @param lastError why the push failed, without secrets
   * @param possiblySent whether this attempt may have reached the provider
   * @return false if {@code worker} no longer holds the claim
   */
  boolean retryLater(
      String entryId,
      String worker,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      boolean possiblySent);

  /**
   * Marks a claimed entry DEAD, keeping the last error.
   *
   * @param entryId the entry
   * @param worker the worker that claimed it
   * @param attempts how many pushes have failed
   * @param lastError why the last push failed, without secrets
   * @param possiblySent as in {@link #retryLater}
   * @return false if the claim was lost
   */
  boolean deadLetter(
      String entryId, String worker, int attempts, String lastError, boolean possiblySent);

  /**
   * Operator action: makes a DEAD entry PENDING again, due at once, with its attempts and claims
   * reset (the last error and the possibly-sent mark are kept).
   *
   * @param entryId the entry
   * @return false if there is no such DEAD entry
   */
  boolean requeue(String entryId);

  /**
   * Looks up one entry, of any tenant and status.
   *
   * @param entryId the entry's id
   * @return the entry, or empty if there is none
   */
  Optional<OutboxEntry> find(String entryId);

  /**
   * Every entry of the tenant, of every status, in the order they were written.
   *
   * @param tenant the tenant
   * @return the entries; empty if none
   */
  List<OutboxEntry> entries(TenantId tenant);

  /**
   * The entries of one appointment for one provider that are not DONE (waiting, being pushed, or
   * dead), in sequence order: the local changes that provider has not been told about. Stores
   * should answer from an index on (tenant, appointment, provider); the default filters {@link
   * #entries}.
   *
   * @param tenant the tenant
   * @param appointment the appointment
   * @param provider the provider id
   * @return the entries, in sequence order; empty if the provider is up to date
   */
  default List<OutboxEntry> unfinished(
      TenantId tenant, AppointmentId appointment, String provider) {
    return entries(tenant).stream()
        .filter(
            e ->
                e.appointmentId().equals(appointment)
                    && e.provider().equals(provider)
                    && e.status() != OutboxStatus.DONE)
        .sorted(java.util.Comparator.comparingLong(OutboxEntry::sequence))
        .toList();
  }

  /**
   * How far each provider's outbox is behind: per provider with at least one {@link
   * OutboxStatus#PENDING} or {@link OutboxStatus#DEAD} entry, of every tenant, the pending count,
   * the oldest pending entry's {@link OutboxEntry#createdAt()} and the dead count, sorted by
   * provider. Polled by metrics and health checks, so it must be cheap: stores should answer from
   * indexes that hold only the pending and the dead entries, never reading the entries sent.
   *
   * <p>The default throws: a store must implement it before outbox metrics or health checks use it.
   *
   * @return one line per provider with pending or dead entries; empty when nothing is behind
   * @throws UnsupportedOperationException if the store does not implement it
   */
  default List<OutboxBacklog> backlog() {
    throw new UnsupportedOperationException(getClass().getName() + " does not report its backlog");
  }
}
