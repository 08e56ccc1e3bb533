package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.testkit.ConnectionStatusStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ConnectionStatusStoreContract} against {@link
 * JdbcConnectionStatusStore} on a fresh PostgreSQL database.
 */
class PostgresConnectionStatusStoreContractTest extends ConnectionStatusStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ConnectionStatusStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcConnectionStatusStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
