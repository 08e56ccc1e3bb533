package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.testkit.AuditLogContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link AuditLogContract} against {@link JdbcAuditLog} on a fresh H2 database.
 */
class H2AuditLogContractTest extends AuditLogContract {
  private HikariDataSource dataSource;

  @Override
  protected AuditLog newLog() {
    dataSource = TestDatabases.h2();
    return new JdbcAuditLog(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
