package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryProviderMappingStore;
import dev.cita.scheduling.spi.ProviderMappingStore;
import dev.cita.scheduling.testkit.ProviderMappingStoreContract;

/**
 * Runs the contract kit against {@link InMemoryProviderMappingStore}, from outside the kit's
 * package as a user would.
 */
class InMemoryProviderMappingStoreContractTest extends ProviderMappingStoreContract {
  @Override
  protected ProviderMappingStore newStore() {
    return new InMemoryProviderMappingStore();
  }
}
