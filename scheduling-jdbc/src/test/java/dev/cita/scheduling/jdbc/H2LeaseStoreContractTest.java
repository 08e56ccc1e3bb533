package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.testkit.LeaseStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the testkit's {@link LeaseStoreContract} against {@link JdbcLeaseStore} on H2. */
class H2LeaseStoreContractTest extends LeaseStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected LeaseStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcLeaseStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
