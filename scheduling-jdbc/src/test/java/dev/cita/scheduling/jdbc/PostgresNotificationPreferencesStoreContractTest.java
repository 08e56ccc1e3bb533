package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.testkit.NotificationPreferencesStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link NotificationPreferencesStoreContract} against {@link
 * JdbcNotificationPreferencesStore} on PostgreSQL, in a new schema.
 */
class PostgresNotificationPreferencesStoreContractTest
    extends NotificationPreferencesStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected NotificationPreferencesStore newStore() {
    return new JdbcNotificationPreferencesStore(db.open());
  }
}
