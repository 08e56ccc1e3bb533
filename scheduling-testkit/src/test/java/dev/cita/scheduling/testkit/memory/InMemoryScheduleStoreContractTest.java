package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.testkit.ScheduleStoreContract;

/**
 * Runs the contract kit against {@link InMemoryScheduleStore}, from outside the kit's package as a
 * user would.
 */
class InMemoryScheduleStoreContractTest extends ScheduleStoreContract {
  @Override
  protected ScheduleStore newStore() {
    return new InMemoryScheduleStore();
  }
}
