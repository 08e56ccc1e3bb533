package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.spi.ReminderStore;
import dev.cita.scheduling.testkit.ReminderStoreContract;

/** Runs the contract kit against {@link InMemoryReminderStore}. */
class InMemoryReminderStoreContractTest extends ReminderStoreContract {
  @Override
  protected ReminderStore newStore() {
    return new InMemoryReminderStore();
  }
}
