package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ScheduleStore;
import dev.cita.scheduling.testkit.ScheduleStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ScheduleStoreContract} against {@link JdbcScheduleStore} on a fresh
 * PostgreSQL database.
 */
class PostgresScheduleStoreContractTest extends ScheduleStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ScheduleStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcScheduleStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
