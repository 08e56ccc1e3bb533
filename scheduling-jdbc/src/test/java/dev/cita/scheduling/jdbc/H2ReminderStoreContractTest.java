package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ReminderStore;
import dev.cita.scheduling.testkit.ReminderStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link ReminderStoreContract} against {@link JdbcReminderStore} on a fresh H2
 * database.
 */
class H2ReminderStoreContractTest extends ReminderStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected ReminderStore newStore() {
    return new JdbcReminderStore(db.open());
  }
}
