package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A thread-safe {@link AuditLog} in memory that keeps the latest {@code capacity} entries of all
 * tenants (oldest dropped first), for tests and single-node apps.
 */
public final class InMemoryAuditLog implements AuditLog {
  /** Entries kept when no capacity is given. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private final int capacity;
  private final Deque<AuditEntry> entries = new ArrayDeque<>();

  /** Creates a log keeping the latest {@value #DEFAULT_CAPACITY} entries. */
  public InMemoryAuditLog() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Creates a log keeping the latest {@code capacity} entries.
   *
   * @param capacity how many entries to keep, at least 1
   * @throws dev.cita.scheduling.ValidationException if {@code capacity} is below 1
   */
  public InMemoryAuditLog(int capacity) {
    this.capacity = Checks.atLeast(capacity, 1, "capacity");
  }

  @Override
  public synchronized void record(AuditEntry entry) {
    Checks.notNull(entry, "entry");
    if (entries.size() == capacity) {
      entries.removeFirst();
    }
    entries.addLast(entry);
  }

  @Override
  public synchronized List<AuditEntry> recent(TenantId tenant, int limit) {
    Checks.notNull(tenant, "tenant");
    Checks.atLeast(limit, 1, "limit");
    Optional<TenantId> wanted = Optional.of(tenant);
    List<AuditEntry> out = new ArrayList<>();
    for (Iterator<AuditEntry> it = entries.descendingIterator();
        it.hasNext() && out.size() < limit; ) {
      AuditEntry e = it.next();
      if (e.tenant().equals(wanted)) {
        out.add(e);
      }
    }
    return out;
  }

  /** {@return every entry kept, oldest first (for tests)} */
  public synchronized List<AuditEntry> all() {
    return List.copyOf(entries);
  }
}
