package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.testkit.NotificationPreferencesStoreContract;

/** Runs the contract kit against {@link InMemoryNotificationPreferencesStore}. */
class InMemoryNotificationPreferencesStoreContractTest
    extends NotificationPreferencesStoreContract {
  @Override
  protected NotificationPreferencesStore newStore() {
    return new InMemoryNotificationPreferencesStore();
  }
}
