package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.testkit.ConnectionStatusStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ConnectionStatusStoreContract} against {@link
 * JdbcConnectionStatusStore} on a fresh H2 database.
 */
class H2ConnectionStatusStoreContractTest extends ConnectionStatusStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ConnectionStatusStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcConnectionStatusStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
