package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.testkit.BusyTimeStoreContract;

/** Runs the busy time store contract on the in-memory store. */
class InMemoryBusyTimeStoreContractTest extends BusyTimeStoreContract {
  @Override
  protected BusyTimeStore newStore() {
    return new InMemoryBusyTimeStore();
  }
}
