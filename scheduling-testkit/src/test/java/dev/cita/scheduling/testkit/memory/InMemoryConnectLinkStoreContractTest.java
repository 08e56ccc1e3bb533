package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryConnectLinkStore;
import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.testkit.ConnectLinkStoreContract;

/** Runs the contract kit against {@link InMemoryConnectLinkStore}. */
class InMemoryConnectLinkStoreContractTest extends ConnectLinkStoreContract {
  @Override
  protected ConnectLinkStore newStore() {
    return new InMemoryConnectLinkStore();
  }
}
