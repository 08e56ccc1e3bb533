package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.testkit.BusyTimeStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link BusyTimeStoreContract} against {@link JdbcBusyTimeStore} on Postgres.
 */
class PostgresBusyTimeStoreContractTest extends BusyTimeStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected BusyTimeStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcBusyTimeStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
