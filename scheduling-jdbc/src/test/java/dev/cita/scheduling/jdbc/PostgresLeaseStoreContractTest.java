package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.testkit.LeaseStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the testkit's {@link LeaseStoreContract} against {@link JdbcLeaseStore} on Postgres. */
class PostgresLeaseStoreContractTest extends LeaseStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected LeaseStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcLeaseStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
