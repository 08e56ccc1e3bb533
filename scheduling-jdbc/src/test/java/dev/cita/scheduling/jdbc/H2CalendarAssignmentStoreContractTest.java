package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.testkit.CalendarAssignmentStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the testkit's {@link CalendarAssignmentStoreContract} against {@link
 * JdbcCalendarAssignmentStore} on a fresh H2 database.
 */
class H2CalendarAssignmentStoreContractTest extends CalendarAssignmentStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected CalendarAssignmentStore newStore() {
    dataSource = TestDatabases.h2();
    return new JdbcCalendarAssignmentStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
