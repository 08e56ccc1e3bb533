package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.testkit.PushChannelStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link PushChannelStoreContract} against {@link JdbcPushChannelStore} on a
 * fresh PostgreSQL database.
 */
class PostgresPushChannelStoreContractTest extends PushChannelStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected PushChannelStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcPushChannelStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
