package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ProviderMappingStore;
import dev.cita.scheduling.testkit.ProviderMappingStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ProviderMappingStoreContract} against {@link JdbcProviderMappingStore}
 * on a fresh PostgreSQL database.
 */
class PostgresProviderMappingStoreContractTest extends ProviderMappingStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ProviderMappingStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcProviderMappingStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
