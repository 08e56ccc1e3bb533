package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.testkit.AppointmentStoreContract;
import org.junit.jupiter.api.AfterEach;

/**
 * Runs the store contract against {@link JdbcAppointmentStore} on PostgreSQL, each test in a new
 * schema (skipped when no server is reachable). The contract's data never stores two overlapping
 * time-holding appointments of one resource, so the schema's exclusion constraint (which refuses
 * exactly that) lets every test run here; {@link JdbcAppointmentStoreTest} asserts the refusal
 * itself.
 */
class PostgresAppointmentStoreContractTest extends AppointmentStoreContract {
  private HikariDataSource dataSource;

  @Override
  protected AppointmentStore newStore() {
    dataSource = TestDatabases.postgres();
    return JdbcAppointmentStore.create(dataSource);
  }

  @Override
  protected OutboxStore outboxOf(AppointmentStore store) {
    return ((JdbcAppointmentStore) store).outbox();
  }

  @AfterEach
  void dropSchema() {
    TestDatabases.dropPostgres(dataSource);
  }
}
