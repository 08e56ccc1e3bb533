package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A thread-safe {@link OutboxStore} in memory. An {@link InMemoryAppointmentStore} owns one ({@link
 * InMemoryAppointmentStore#outbox()}) and writes entries into it together with the appointment.
 * Every call is serialized by one monitor, which is plenty for tests and single-node apps.
 */
public final class InMemoryOutboxStore implements OutboxStore {
  private record Stream(TenantId tenant, AppointmentId appointment, String provider) {}

  private static final Comparator<OutboxEntry> IN_LINE =
      Comparator.comparingLong(OutboxEntry::sequence).thenComparing(OutboxEntry::createdAt);
  private static final Comparator<OutboxEntry> OLDEST_DUE =
      Comparator.comparing(OutboxEntry::nextAttemptAt).thenComparing(OutboxEntry::createdAt);

  /** Insertion order is write order. */
  private final Map<String, OutboxEntry> entries = new LinkedHashMap<>();

  /**
   * Adds entries written together with an appointment change; called under the appointment lock.
   */
  synchronized void append(List<OutboxEntry> written) {
    for (OutboxEntry e : written) {
      entries.put(e.id(), e);
    }
  }

  /** True if an entry with this id exists. */
  synchronized boolean contains(String entryId) {
    return entries.containsKey(entryId);
  }

  @Override
  public synchronized List<OutboxEntry> claimDue(
      Instant now, int limit, String worker, Duration lease) {
    return claim(now, limit, worker, lease, null);
  }

  @Override
  public synchronized List<OutboxEntry> claimDue(
      Instant now, int limit, String worker, Duration lease, Set<String> providers) {
    Checks.notNull(providers, "providers");
    return claim(now, limit, worker, lease, providers);
  }

  /** The claim; null {@code only} means every provider. */
  private List<OutboxEntry> claim(
      Instant now, int limit, String worker, Duration lease, @Nullable Set<String> only) {
    Checks.notNull(now, "now");
    Checks.atLeast(limit, 1, "limit");
    Checks.notBlank(worker, "worker");
    Checks.positive(lease, "lease");
    Set<String> providers = only == null ? null : Set.copyOf(Checks.nonEmptyIds(only, "providers"));
    Map<Stream, OutboxEntry> firstInLine = new HashMap<>();
    for (OutboxEntry e : entries.values()) {
      if (e.status() != OutboxStatus.DONE) {
        firstInLine.merge(
            new Stream(e.tenant(), e.appointmentId(), e.provider()),
            e,
            (a, b) -> IN_LINE.compare(a, b) <= 0 ? a : b);
      }
    }
    List<OutboxEntry> due = new ArrayList<>();
    for (OutboxEntry e : firstInLine.values()) {
      if (e.status() == OutboxStatus.PENDING
          && (providers == null || providers.contains(e.provider()))
          && !e.nextAttemptAt().isAfter(now)
          && !e.isLeasedAt(now)) {
        due.add(e);
      }
    }
    due.sort(OLDEST_DUE);
    List<OutboxEntry> claimed = new ArrayList<>();
    Instant until = now.plus(lease);
    for (OutboxEntry e : due.subList(0, Math.min(limit, due.size()))) {
      OutboxEntry c = e.toBuilder().claim(worker, until).claims(e.claims() + 1).build();
      entries.put(c.id(), c);
      claimed.add(c);
    }
    return claimed;
  }

  @Override
  public synchronized boolean complete(String entryId, String worker) {
    OutboxEntry e = claimedBy(entryId, worker);
    if (e == null) {
      return false;
    }
    entries.put(entryId, e.toBuilder().status(OutboxStatus.DONE).claim(null, null).build());
    return true;
  }

  @Override
  public synchronized boolean retryLater(
      String entryId,
      String worker,
      int attempts,
      Instant nextAttemptAt,
      String lastError,
      boolean possiblySent) {
    Checks.atLeast(attempts, 0, "attempts");
    Checks.notNull(nextAttemptAt, "nextAttemptAt");
    OutboxEntry e = claimedBy(entryId, worker);
    if (e == null) {
      return false;
    }
    entries.put(
        entryId,
        e.toBuilder()
            .attempts(attempts)
            .nextAttemptAt(nextAttemptAt)
            .lastError(lastError)
            .possiblySent(e.possiblySent() || possiblySent)
            .claim(null, null)
            .build());
    return true;
  }

  @Override
  public synchronized boolean deadLetter(
      String entryId, String worker, int attempts, String lastError, boolean possiblySent) {
    Checks.atLeast(attempts, 0, "attempts");
    OutboxEntry e = claimedBy(entryId, worker);
    if (e == null) {
      return false;
    }
    entries.put(
        entryId,
        e.toBuilder()
            .status(OutboxStatus.DEAD)
            .attempts(attempts)
            .lastError(lastError)
            .possiblySent(e.possiblySent() || possiblySent)
            .claim(null, null)
            .build());
    return true;
  }

  @Override
  public synchronized boolean requeue(String entryId) {
    Checks.notBlank(entryId, "entryId");
    OutboxEntry e = entries.get(entryId);
    if (e == null || e.status() != OutboxStatus.DEAD) {
      return false;
    }
    // Due at once: nextAttemptAt is already in the past for an entry that was tried.
    entries.put(entryId, e.toBuilder().status(OutboxStatus.PENDING).attempts(0).claims(0).build());
    return true;
  }

  @Override
  public synchronized Optional<OutboxEntry> find(String entryId) {
    Checks.notBlank(entryId, "entryId");
    return Optional.ofNullable(entries.get(entryId));
  }

  @Override
  public synchronized List<OutboxEntry> entries(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return entries.values().stream().filter(e -> e.tenant().equals(tenant)).toList();
  }

  @Override
  public synchronized List<OutboxBacklog> backlog() {
    Map<String, long[]> counts = new TreeMap<>(); // provider -> {pending, dead}
    Map<String, Instant> oldest = new HashMap<>();
    for (OutboxEntry e : entries.values()) {
      if (e.status() == OutboxStatus.DONE) {
        continue;
      }
      long[] c = counts.computeIfAbsent(e.provider(), p -> new long[2]);
      if (e.status() == OutboxStatus.PENDING) {
        c[0]++;
        oldest.merge(e.provider(), e.createdAt(), (a, b) -> a.isBefore(b) ? a : b);
      } else {
        c[1]++;
      }
    }
    List<OutboxBacklog> lines = new ArrayList<>();
    counts.forEach(
        (provider, c) ->
            lines.add(
                new OutboxBacklog(
                    provider, c[0], Optional.ofNullable(oldest.get(provider)), c[1])));
    return lines;
  }

  /** The claimed PENDING entry, if {@code worker} holds its claim. */
  private @Nullable OutboxEntry claimedBy(String entryId, String worker) {
    Checks.notBlank(entryId, "entryId");
    Checks.notBlank(worker, "worker");
    OutboxEntry e = entries.get(entryId);
    if (e == null
        || e.status() != OutboxStatus.PENDING
        || !e.claimOwner().filter(worker::equals).isPresent()) {
      return null;
    }
    return e;
  }
}
