package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.OutboxStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link OutboxStoreContract} against {@link JdbcOutboxStore} on PostgreSQL, in
 * a new schema.
 */
class PostgresOutboxStoreContractTest extends OutboxStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected AppointmentStore newAppointmentStore() {
    return JdbcAppointmentStore.create(db.open());
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((JdbcAppointmentStore) store).outbox();
  }
}
