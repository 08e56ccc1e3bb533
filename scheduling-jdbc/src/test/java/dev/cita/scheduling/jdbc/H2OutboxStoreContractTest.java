package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.OutboxStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link OutboxStoreContract} against {@link JdbcOutboxStore} on a fresh H2
 * database.
 */
class H2OutboxStoreContractTest extends OutboxStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected AppointmentStore newAppointmentStore() {
    return JdbcAppointmentStore.create(db.open());
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((JdbcAppointmentStore) store).outbox();
  }
}
