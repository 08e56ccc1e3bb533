package dev.cita.examples.readme;

import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.testkit.TokenStoreContract;

/** Runs Cita's token store contract against MyTokenStore. */
class MyTokenStoreTest extends TokenStoreContract {
  @Override
  protected TokenStore newStore() {
    return new MyTokenStore(); // your implementation, empty
  }
}
