package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

class JdbcMigrationsTest {
  @Test
  void migratingTwiceAppliesEachVersionOnceOnH2() {
    try (HikariDataSource ds = TestDatabases.h2()) {
      assertThat(JdbcMigrations.migrate(ds)).isZero();
      assertThat(Dialect.of(ds)).isEqualTo(Dialect.H2);
    }
  }

  @Test
  void migratingTwiceAppliesEachVersionOnceOnPostgres() {
    try (HikariDataSource ds = TestDatabases.postgres()) {
      assertThat(JdbcMigrations.migrate(ds)).isZero();
      assertThat(Dialect.of(ds)).isEqualTo(Dialect.POSTGRESQL);
    }
  }

  @Test
  void statementsAreSplitAtLineEndSemicolonsAndCommentsDropped() {
    assertThat(JdbcMigrations.statements("-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
  }
}
