package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.IdempotencyStore;
import dev.cita.scheduling.testkit.IdempotencyStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link IdempotencyStoreContract} against {@link JdbcIdempotencyStore} on a
 * fresh H2 database.
 */
class H2IdempotencyStoreContractTest extends IdempotencyStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected IdempotencyStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcIdempotencyStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
