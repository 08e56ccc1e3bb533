package dev.cita.scheduling.sync;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.OutboxStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * An {@link OutboxStore} that passes every call on; tests override the calls they want to break.
 */
class ForwardingOutbox implements OutboxStore {
  private final OutboxStore delegate;

  ForwardingOutbox(OutboxStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<OutboxEntry> claimDue(Instant now, int limit, String worker, Duration lease) {
    return delegate.claimDue(now, limit, worker, lease);
  }

  @Override
  public List<OutboxEntry> claimDue(
      Instant now, int limit, String worker, Duration lease, Set<String> providers) {
    return delegate.claimDue(now, limit, worker, lease, providers);
  }

  @Override
  public boolean complete(String entryId, String worker) {
    return delegate.complete(entryId, worker);
  }

  @Override
  public boolean retryLater(
      String entryId,
      String worker,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      boolean possiblySent) {
    return delegate.retryLater(entryId, worker, attempts, nextAttemptAt, lastError, possiblySent);
  }

  @Override
  public boolean deadLetter(
      String entryId, String worker, int attempts, String lastError, boolean possiblySent) {
    return delegate.deadLetter(entryId, worker, attempts, lastError, possiblySent);
  }

  @Override
  public boolean requeue(String entryId) {
    return delegate.requeue(entryId);
  }

  @Override
  public Optional<OutboxEntry> find(String entryId) {
    return delegate.find(entryId);
  }

  @Override
  public List<OutboxEntry> entries(TenantId tenant) {
    return delegate.entries(tenant);
  }
}
