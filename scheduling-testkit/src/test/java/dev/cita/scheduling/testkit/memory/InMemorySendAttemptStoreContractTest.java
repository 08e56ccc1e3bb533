package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.testkit.SendAttemptStoreContract;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;

/**
 * Runs the contract kit against {@link InMemorySendAttemptStore}, from outside the kit's package as
 * a user would.
 */
class InMemorySendAttemptStoreContractTest extends SendAttemptStoreContract {
  @Override
  protected SendAttemptStore newStore() {
    return new InMemorySendAttemptStore(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(2));
  }
}
