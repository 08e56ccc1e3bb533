package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.testkit.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link TokenStoreContract} against {@link JdbcTokenStore} on a fresh H2
 * database.
 */
class H2TokenStoreContractTest extends TokenStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected TokenStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcTokenStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
