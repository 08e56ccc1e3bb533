package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.testkit.LeaseStoreContract;

/** Runs the lease store contract on the in-memory store. */
class InMemoryLeaseStoreContractTest extends LeaseStoreContract {
  @Override
  protected LeaseStore newStore() {
    return new InMemoryLeaseStore();
  }
}
