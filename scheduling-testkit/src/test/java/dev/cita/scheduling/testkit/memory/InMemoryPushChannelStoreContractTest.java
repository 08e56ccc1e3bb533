package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryPushChannelStore;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.testkit.PushChannelStoreContract;

/**
 * Runs the contract kit against {@link InMemoryPushChannelStore}, from outside the kit's package as
 * a user would.
 */
class InMemoryPushChannelStoreContractTest extends PushChannelStoreContract {
  @Override
  protected PushChannelStore newStore() {
    return new InMemoryPushChannelStore();
  }
}
