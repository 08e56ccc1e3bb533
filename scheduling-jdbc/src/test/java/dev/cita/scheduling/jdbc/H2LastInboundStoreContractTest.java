package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.LastInboundStore;
import dev.cita.scheduling.testkit.LastInboundStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link LastInboundStoreContract} against {@link JdbcLastInboundStore} on a
 * fresh H2 database.
 */
class H2LastInboundStoreContractTest extends LastInboundStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected LastInboundStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcLastInboundStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
