package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.LastInboundStore;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link CustomerWindow} over a core {@link LastInboundStore}: the store keeps when each customer
 * last wrote (per scope and phone without its {@code whatsapp:} prefix), this class decides from
 * the clock whether that is within {@link CustomerWindow#LENGTH}.
 */
final class StoredCustomerWindow implements CustomerWindow {
  private final LastInboundStore store;
  private final Clock clock;

  StoredCustomerWindow(LastInboundStore store, Clock clock) {
    this.store = Checks.notNull(store, "lastInboundStore");
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public void recordInbound(String scope, String customerPhone, Instant at) {
    store.recordInbound(scope, phone(customerPhone), at);
  }

  @Override
  public void recordClosed(String scope, String customerPhone, Instant at) {
    store.recordClosed(scope, phone(customerPhone), at);
  }

  @Override
  public Optional<Instant> lastInbound(String scope, String customerPhone) {
    Instant now = clock.instant();
    return store
        .lastInbound(scope, phone(customerPhone))
        .filter(last -> now.isBefore(last.plus(LENGTH)));
  }

  @Override
  public boolean isOpen(String scope, String customerPhone) {
    return lastInbound(scope, customerPhone).isPresent();
  }

  private static String phone(String customerPhone) {
    return CustomerWindow.normalizePhone(Checks.notNull(customerPhone, "customerPhone"));
  }

  @Override
  public String toString() {
    return "CustomerWindow{" + store + '}';
  }
}
