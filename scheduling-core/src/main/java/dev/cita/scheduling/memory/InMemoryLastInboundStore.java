package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.internal.Retention;
import dev.cita.scheduling.spi.LastInboundStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link LastInboundStore} in a concurrent map, for one node and tests; each write is
 * one atomic {@code merge} or {@code computeIfPresent}. Bounded in time: entries older than the
 * retention are dropped every few hundred writes, so memory grows with the contacts who wrote
 * within the retention, not with all contacts ever.
 */
public final class InMemoryLastInboundStore implements LastInboundStore {
  private record Key(String scope, String contact) {}

  private final Map<Key, Instant> lastInbound = new ConcurrentHashMap<>();
  private final Retention retention;

  /**
   * An empty store that keeps entries {@code retention} after their last message.
   *
   * @param clock what "now" is for the retention
   * @param retention how long an entry is kept; for WhatsApp's window, 24 hours is enough
   */
  public InMemoryLastInboundStore(Clock clock, Duration retention) {
    this.retention = new Retention(clock, retention);
  }

  @Override
  public void recordInbound(String scope, String contact, Instant at) {
    MessagingStates.inbound(scope, contact, at);
    lastInbound.merge(
        new Key(scope, contact), at, (held, given) -> given.isAfter(held) ? given : held);
    retention.written(this::purgeBefore);
  }

  @Override
  public void recordClosed(String scope, String contact, Instant at) {
    MessagingStates.inbound(scope, contact, at);
    lastInbound.computeIfPresent(
        new Key(scope, contact), (k, held) -> held.isAfter(at) ? held : null);
  }

  @Override
  public Optional<Instant> lastInbound(String scope, String contact) {
    MessagingStates.key(scope, MAX_KEY, "scope");
    MessagingStates.key(contact, MAX_KEY, "contact");
    return Optional.ofNullable(lastInbound.get(new Key(scope, contact)));
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return Retention.removeIf(lastInbound, at -> at.isBefore(cutoff));
  }

  /** {@return how many contacts are held} */
  public int size() {
    return lastInbound.size();
  }

  @Override
  public String toString() {
    return "InMemoryLastInboundStore{contacts=" + lastInbound.size() + '}';
  }
}
