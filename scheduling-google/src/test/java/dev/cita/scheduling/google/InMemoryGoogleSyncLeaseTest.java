package dev.cita.scheduling.google;

import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.memory.InMemoryCalendarAssignmentStore;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.memory.InMemoryPushChannelStore;

/** {@link GoogleSyncSchedulerLeaseTest} with both nodes on the same in-memory stores. */
class InMemoryGoogleSyncLeaseTest extends GoogleSyncSchedulerLeaseTest {
  private final SharedStores stores =
      new SharedStores(
          new InMemoryLeaseStore(),
          new InMemoryBusyTimeStore(),
          new InMemoryPushChannelStore(),
          new InMemoryCalendarAssignmentStore());

  @Override
  SharedStores nodeStores() {
    return stores;
  }
}
