package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ReminderStore;
import dev.cita.scheduling.testkit.ReminderStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link ReminderStoreContract} against {@link JdbcReminderStore} on PostgreSQL,
 * in a new schema.
 */
class PostgresReminderStoreContractTest extends ReminderStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected ReminderStore newStore() {
    return new JdbcReminderStore(db.open());
  }
}
