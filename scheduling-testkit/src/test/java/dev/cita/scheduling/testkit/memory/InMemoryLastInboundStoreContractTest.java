package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryLastInboundStore;
import dev.cita.scheduling.spi.LastInboundStore;
import dev.cita.scheduling.testkit.LastInboundStoreContract;
import java.time.Clock;
import java.time.Duration;

/**
 * Runs the contract kit against {@link InMemoryLastInboundStore}, from outside the kit's package as
 * a user would.
 */
class InMemoryLastInboundStoreContractTest extends LastInboundStoreContract {
  @Override
  protected LastInboundStore newStore() {
    return new InMemoryLastInboundStore(Clock.systemUTC(), Duration.ofDays(1));
  }
}
