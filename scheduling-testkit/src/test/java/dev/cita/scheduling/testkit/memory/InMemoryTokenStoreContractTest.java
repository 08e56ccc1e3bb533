package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.testkit.TokenStoreContract;

/**
 * Runs the contract kit against {@link InMemoryTokenStore}, from outside the kit's package as a
 * user would.
 */
class InMemoryTokenStoreContractTest extends TokenStoreContract {
  @Override
  protected TokenStore newStore() {
    return new InMemoryTokenStore();
  }
}
