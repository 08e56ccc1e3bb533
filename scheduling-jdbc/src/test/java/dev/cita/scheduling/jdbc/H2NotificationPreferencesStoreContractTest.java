package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.NotificationPreferencesStore;
import dev.cita.scheduling.testkit.NotificationPreferencesStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link NotificationPreferencesStoreContract} against {@link
 * JdbcNotificationPreferencesStore} on a fresh H2 database.
 */
class H2NotificationPreferencesStoreContractTest extends NotificationPreferencesStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected NotificationPreferencesStore newStore() {
    return new JdbcNotificationPreferencesStore(db.open());
  }
}
