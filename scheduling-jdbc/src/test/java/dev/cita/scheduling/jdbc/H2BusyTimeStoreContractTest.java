package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.testkit.BusyTimeStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the testkit's {@link BusyTimeStoreContract} against {@link JdbcBusyTimeStore} on H2. */
class H2BusyTimeStoreContractTest extends BusyTimeStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected BusyTimeStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcBusyTimeStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
