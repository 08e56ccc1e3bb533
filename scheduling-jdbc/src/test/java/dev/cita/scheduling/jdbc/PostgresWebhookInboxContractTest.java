package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.testkit.WebhookInboxContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link WebhookInboxContract} against {@link JdbcWebhookInbox} on a fresh
 * PostgreSQL database.
 */
class PostgresWebhookInboxContractTest extends WebhookInboxContract {
  private HikariDataSource dataSource;

  @Override
  protected WebhookInbox newInbox() {
    dataSource = TestDatabases.postgres();
    return new JdbcWebhookInbox(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
