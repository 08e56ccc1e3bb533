package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ProviderMappingStore;
import dev.cita.scheduling.testkit.ProviderMappingStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ProviderMappingStoreContract} against {@link JdbcProviderMappingStore}
 * on a fresh H2 database.
 */
class H2ProviderMappingStoreContractTest extends ProviderMappingStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ProviderMappingStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcProviderMappingStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
