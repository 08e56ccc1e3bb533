package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.AppointmentStoreContract;
import org.junit.jupiter.api.AfterEach;

/** Runs the store contract against {@link JdbcAppointmentStore} on a fresh H2 database per test. */
class H2AppointmentStoreContractTest extends AppointmentStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected AppointmentStore newStore() {
    dataSource = TestDatabases.h2();
    return JdbcAppointmentStore.create(dataSource);
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((JdbcAppointmentStore) store).outbox();
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }
}
