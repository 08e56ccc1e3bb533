package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.ConversationStateStore;
import dev.cita.scheduling.testkit.ConversationStateStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link ConversationStateStoreContract} against {@link
 * JdbcConversationStateStore} on a fresh PostgreSQL database.
 */
class PostgresConversationStateStoreContractTest extends ConversationStateStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected ConversationStateStore newStore() {
    dataSource = TestDatabases.postgres();
    return new JdbcConversationStateStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
