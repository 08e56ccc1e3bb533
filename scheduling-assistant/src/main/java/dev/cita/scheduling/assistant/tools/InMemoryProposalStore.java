package dev.cita.scheduling.assistant.tools;

import dev.cita.scheduling.internal.Checks;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link ProposalStore} in memory, for one process: a proposal expires after a time to live, and
 * past a size cap the oldest proposals are dropped, so a flood of customers cannot grow it without
 * bound.
 */
public final class InMemoryProposalStore implements ProposalStore {
  private final Clock clock;
  private final Duration ttl;
  private final int maxEntries;

  /** By customer, oldest first. */
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  private record Entry(String proposal, Instant expires) {}

  private InMemoryProposalStore(Clock clock, Duration ttl, int maxEntries) {
    this.clock = Checks.notNull(clock, "clock");
    this.ttl = Checks.positive(ttl, "ttl");
    this.maxEntries = Checks.atLeast(maxEntries, 1, "maxEntries");
  }

  /**
   * A store.
   *
   * @param clock the time proposals expire by
   * @param ttl how long a proposal waits for the customer's yes, positive
   * @param maxEntries how many proposals it holds at most, at least 1
   * @return the store
   * @throws dev.cita.scheduling.ValidationException naming the argument that is invalid
   */
  public static InMemoryProposalStore create(Clock clock, Duration ttl, int maxEntries) {
    return new InMemoryProposalStore(clock, ttl, maxEntries);
  }

  @Override
  public synchronized void put(String customer, String proposal) {
    Checks.notNull(customer, "customer");
    Checks.notNull(proposal, "proposal");
    Instant now = clock.instant();
    entries.values().removeIf(e -> !e.expires().isAfter(now));
    entries.remove(customer);
    entries.put(customer, new Entry(proposal, now.plus(ttl)));
    Iterator<String> oldest = entries.keySet().iterator();
    while (entries.size() > maxEntries) {
      oldest.next();
      oldest.remove();
    }
  }

  @Override
  public synchronized Optional<String> take(String customer) {
    Entry entry = entries.remove(Checks.notNull(customer, "customer"));
    if (entry == null || !entry.expires().isAfter(clock.instant())) {
      return Optional.empty();
    }
    return Optional.of(entry.proposal());
  }

  /** {@return how many proposals it holds, expired ones not yet dropped included} */
  public synchronized int size() {
    return entries.size();
  }
}
