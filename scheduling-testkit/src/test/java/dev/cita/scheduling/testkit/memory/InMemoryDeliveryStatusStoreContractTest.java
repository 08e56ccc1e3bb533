package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryDeliveryStatusStore;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import dev.cita.scheduling.testkit.DeliveryStatusStoreContract;

/**
 * Runs the contract kit against {@link InMemoryDeliveryStatusStore}, from outside the kit's package
 * as a user would.
 */
class InMemoryDeliveryStatusStoreContractTest extends DeliveryStatusStoreContract {
  @Override
  protected DeliveryStatusStore newStore() {
    return new InMemoryDeliveryStatusStore();
  }
}
