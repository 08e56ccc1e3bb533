package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.testkit.ConnectLinkStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Runs the testkit's {@link ConnectLinkStoreContract} against {@link JdbcConnectLinkStore} on a
 * fresh H2 database.
 */
class H2ConnectLinkStoreContractTest extends ConnectLinkStoreContract {
  @RegisterExtension final FreshDatabase db = FreshDatabase.h2();

  @Override
  protected ConnectLinkStore newStore() {
    return new JdbcConnectLinkStore(db.open());
  }
}
