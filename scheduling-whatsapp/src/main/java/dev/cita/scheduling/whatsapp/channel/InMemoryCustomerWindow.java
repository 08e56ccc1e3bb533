package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.memory.InMemoryLastInboundStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link CustomerWindow} held in memory, for one application node or for tests: with several
 * nodes use {@link CustomerWindow#over} with a shared store (such as {@code
 * JdbcStores.lastInbound()}). Bounded: entries whose window has closed are dropped every few
 * hundred messages (the core's {@link InMemoryLastInboundStore} with a retention of {@link
 * #LENGTH}), so memory grows with the customers who wrote in the last day, not with all customers
 * ever. Thread-safe.
 */
public final class InMemoryCustomerWindow implements CustomerWindow {
  private final InMemoryLastInboundStore store;
  private final CustomerWindow window;

  /**
   * A window measured against {@code clock}.
   *
   * @param clock what "now" is measured against
   */
  public InMemoryCustomerWindow(Clock clock) {
    this.store = new InMemoryLastInboundStore(clock, LENGTH);
    this.window = new StoredCustomerWindow(store, clock);
  }

  @Override
  public void recordInbound(String scope, String customerPhone, Instant at) {
    window.recordInbound(scope, customerPhone, at);
  }

  @Override
  public void recordClosed(String scope, String customerPhone, Instant at) {
    window.recordClosed(scope, customerPhone, at);
  }

  @Override
  public Optional<Instant> lastInbound(String scope, String customerPhone) {
    return window.lastInbound(scope, customerPhone);
  }

  @Override
  public boolean isOpen(String scope, String customerPhone) {
    return window.isOpen(scope, customerPhone);
  }

  /** {@return how many customers are held, including some whose window closed recently} */
  public int size() {
    return store.size();
  }

  @Override
  public String toString() {
    return "InMemoryCustomerWindow{customers=" + store.size() + '}';
  }
}
