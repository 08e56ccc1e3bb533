package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.testkit.WebhookInboxContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link WebhookInboxContract} against {@link JdbcWebhookInbox} on a fresh H2
 * database.
 */
class H2WebhookInboxContractTest extends WebhookInboxContract {
  private HikariDataSource dataSource;

  @Override
  protected WebhookInbox newInbox() {
    dataSource = TestDatabases.h2();
    return new JdbcWebhookInbox(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
