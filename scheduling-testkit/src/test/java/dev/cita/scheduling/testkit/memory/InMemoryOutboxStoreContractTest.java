package dev.cita.scheduling.testkit.memory;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.OutboxStoreContract;

/** Runs the contract kit against {@link dev.cita.scheduling.memory.InMemoryOutboxStore}. */
class InMemoryOutboxStoreContractTest extends OutboxStoreContract {
  @Override
  protected AppointmentStore newAppointmentStore() {
    return new InMemoryAppointmentStore();
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((InMemoryAppointmentStore) store).outbox();
  }
}
