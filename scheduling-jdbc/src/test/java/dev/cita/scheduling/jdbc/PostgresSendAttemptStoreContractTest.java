package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.testkit.SendAttemptStoreContract;
import java.time.Clock;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link SendAttemptStoreContract} against {@link JdbcSendAttemptStore} on a
 * fresh PostgreSQL database.
 */
class PostgresSendAttemptStoreContractTest extends SendAttemptStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected SendAttemptStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcSendAttemptStore(dataSource, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
