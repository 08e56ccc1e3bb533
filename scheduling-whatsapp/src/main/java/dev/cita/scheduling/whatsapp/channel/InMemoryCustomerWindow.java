package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link CustomerWindow} held in a concurrent map, for one application node or for tests. Entries
 * whose window has closed are dropped when they are next looked at, so memory grows with the
 * customers who wrote in the last day, not with all customers ever. Thread-safe.
 */
public final class InMemoryCustomerWindow implements CustomerWindow {
  private final Clock clock;
  private final Map<Key, Instant> lastInbound = new ConcurrentHashMap<>();

  /**
   * A window measured against {@code clock}.
   *
   * @param clock what "now" is measured against
   */
  public InMemoryCustomerWindow(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public void recordInbound(String scope, String customerPhone, Instant at) {
    Checks.notNull(at, "at");
    lastInbound.merge(
        key(scope, customerPhone), at, (held, given) -> given.isAfter(held) ? given : held);
  }

  @Override
  public void recordClosed(String scope, String customerPhone, Instant at) {
    Checks.notNull(at, "at");
    lastInbound.computeIfPresent(
        key(scope, customerPhone), (k, held) -> held.isAfter(at) ? held : null);
  }

  @Override
  public Optional<Instant> lastInbound(String scope, String customerPhone) {
    Key key = key(scope, customerPhone);
    Instant last = lastInbound.get(key);
    if (last == null) {
      return Optional.empty();
    }
    if (!clock.instant().isBefore(last.plus(LENGTH))) {
      lastInbound.remove(key, last);
      return Optional.empty();
    }
    return Optional.of(last);
  }

  @Override
  public boolean isOpen(String scope, String customerPhone) {
    return lastInbound(scope, customerPhone).isPresent();
  }

  private static Key key(String scope, String customerPhone) {
    Checks.notNull(scope, "scope");
    Checks.notNull(customerPhone, "customerPhone");
    return new Key(scope, CustomerWindow.normalizePhone(customerPhone));
  }

  private record Key(String scope, String phone) {}

  @Override
  public String toString() {
    return "InMemoryCustomerWindow{customers=" + lastInbound.size() + '}';
  }
}
