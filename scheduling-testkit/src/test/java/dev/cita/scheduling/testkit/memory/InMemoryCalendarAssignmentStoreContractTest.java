package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryCalendarAssignmentStore;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.testkit.CalendarAssignmentStoreContract;

/**
 * Runs the contract kit against {@link InMemoryCalendarAssignmentStore}, from outside the kit's
 * package as a user would.
 */
class InMemoryCalendarAssignmentStoreContractTest extends CalendarAssignmentStoreContract {
  @Override
  protected CalendarAssignmentStore newStore() {
    return new InMemoryCalendarAssignmentStore();
  }
}
