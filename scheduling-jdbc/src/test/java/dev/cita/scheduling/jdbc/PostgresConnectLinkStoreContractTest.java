package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.testkit.ConnectLinkStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link ConnectLinkStoreContract} against {@link JdbcConnectLinkStore} on
 * PostgreSQL, in a new schema.
 */
class PostgresConnectLinkStoreContractTest extends ConnectLinkStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.postgres();

  @Override
  protected ConnectLinkStore newStore() {
    return new JdbcConnectLinkStore(db.open());
  }
}
