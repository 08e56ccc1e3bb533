package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import dev.cita.scheduling.testkit.DeliveryStatusStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link DeliveryStatusStoreContract} against {@link JdbcDeliveryStatusStore} on
 * a fresh H2 database.
 */
class H2DeliveryStatusStoreContractTest extends DeliveryStatusStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected DeliveryStatusStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcDeliveryStatusStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
