package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.testkit.TokenStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link TokenStoreContract} against {@link JdbcTokenStore} on a fresh
 * PostgreSQL database.
 */
class PostgresTokenStoreContractTest extends TokenStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected TokenStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcTokenStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
