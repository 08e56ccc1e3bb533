package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.testkit.PushChannelStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link PushChannelStoreContract} against {@link JdbcPushChannelStore} on a
 * fresh H2 database.
 */
class H2PushChannelStoreContractTest extends PushChannelStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected PushChannelStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcPushChannelStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
