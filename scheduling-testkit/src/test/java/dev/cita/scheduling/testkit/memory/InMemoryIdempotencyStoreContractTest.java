package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.spi.IdempotencyStore;
import dev.cita.scheduling.testkit.IdempotencyStoreContract;

/**
 * Runs the contract kit against {@link InMemoryIdempotencyStore}, from outside the kit's package as
 * a user would.
 */
class InMemoryIdempotencyStoreContractTest extends IdempotencyStoreContract {
  @Override
  protected IdempotencyStore newStore() {
    return new InMemoryIdempotencyStore();
  }
}
