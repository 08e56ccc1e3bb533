package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.testkit.AuthorizationStateStoreContract;
import java.time.Clock;

/** Runs the contract kit against {@link InMemoryAuthorizationStateStore}. */
class InMemoryAuthorizationStateStoreContractTest extends AuthorizationStateStoreContract {
  @Override
  protected AuthorizationStateStore newStore(Clock clock) {
    return new InMemoryAuthorizationStateStore(clock);
  }
}
