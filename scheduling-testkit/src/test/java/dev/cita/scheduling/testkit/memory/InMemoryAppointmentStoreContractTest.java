package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.AppointmentStoreContract;

/**
 * Runs the contract kit against {@link InMemoryAppointmentStore}, from outside the kit's package as
 * a user would.
 */
class InMemoryAppointmentStoreContractTest extends AppointmentStoreContract {
  @Override
  protected AppointmentStore newStore() {
    return new InMemoryAppointmentStore();
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((InMemoryAppointmentStore) store).outbox();
  }
}
