package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryClosureStore;
import dev.cita.scheduling.spi.ClosureStore;
import dev.cita.scheduling.testkit.ClosureStoreContract;

/** Runs the contract kit against {@link InMemoryClosureStore}. */
class InMemoryClosureStoreContractTest extends ClosureStoreContract {
  @Override
  protected ClosureStore newStore() {
    return new InMemoryClosureStore();
  }
}
