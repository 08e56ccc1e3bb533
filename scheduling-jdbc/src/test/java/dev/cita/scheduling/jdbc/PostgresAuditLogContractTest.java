package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.testkit.AuditLogContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link AuditLogContract} against {@link JdbcAuditLog} on a fresh PostgreSQL
 * database.
 */
class PostgresAuditLogContractTest extends AuditLogContract {
  private HikariDataSource dataSource;

  @Override
  protected AuditLog newLog() {
    dataSource = TestDatabases.postgres();
    return new JdbcAuditLog(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      TestDatabases.dropPostgres(dataSource);
    }
  }
}
