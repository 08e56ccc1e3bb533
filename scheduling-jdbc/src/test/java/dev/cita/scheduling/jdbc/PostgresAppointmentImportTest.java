package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;

/**
 * Runs the import contract on the JDBC stores over a fresh PostgreSQL schema (skipped without a
 * server).
 */
class PostgresAppointmentImportTest extends H2AppointmentImportTest {
  @Override
  HikariDataSource database() {
    return TestDatabases.postgres();
  }

  @Override
  void release(HikariDataSource dataSource) {
    TestDatabases.dropPostgres(dataSource);
  }
}
