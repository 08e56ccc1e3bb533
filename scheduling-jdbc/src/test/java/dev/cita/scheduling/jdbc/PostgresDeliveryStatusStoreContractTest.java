package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import dev.cita.scheduling.testkit.DeliveryStatusStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link DeliveryStatusStoreContract} against {@link JdbcDeliveryStatusStore} on
 * a fresh PostgreSQL database.
 */
class PostgresDeliveryStatusStoreContractTest extends DeliveryStatusStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected DeliveryStatusStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcDeliveryStatusStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
