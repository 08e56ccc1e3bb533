package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.testkit.ConnectionStatusStoreContract;

/**
 * Runs the contract kit against {@link InMemoryConnectionStatusStore}, from outside the kit's
 * package as a user would.
 */
class InMemoryConnectionStatusStoreContractTest extends ConnectionStatusStoreContract {
  @Override
  protected ConnectionStatusStore newStore() {
    return new InMemoryConnectionStatusStore();
  }
}
