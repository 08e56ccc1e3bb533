package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.AppointmentImportContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the import contract on the JDBC stores over a fresh H2 database ({@link JdbcStores}). */
class H2AppointmentImportTest extends AppointmentImportContract {
  private HikariDataSource dataSource;
  private JdbcStores stores;

  /** A fresh, migrated database. */
  HikariDataSource database() {
    return TestDatabases.h2();
  }

  /** Closes (and drops) the database. */
  void release(HikariDataSource dataSource) {
    dataSource.close();
  }

  @Override
  protected BookingService.Builder newServiceBuilder() {
    dataSource = database();
    stores = JdbcStores.create(dataSource);
    return stores.configure(BookingService.builder());
  }

  @Override
  protected OutboxStore outbox() {
    return stores.outbox();
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      release(dataSource);
    }
  }
}
