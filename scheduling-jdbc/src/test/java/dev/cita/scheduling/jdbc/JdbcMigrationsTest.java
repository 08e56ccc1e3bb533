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
    HikariDataSource ds = TestDatabases.postgres();
    try {
      assertThat(JdbcMigrations.migrate(ds)).isZero();
      assertThat(Dialect.of(ds)).isEqualTo(Dialect.POSTGRESQL);
    } finally {
      TestDatabases.dropPostgres(ds);
    }
  }

  @Test
  void everyVersionShipsForBothDialectsAndNoFileIsLeftOut() throws Exception {
    for (Dialect dialect : Dialect.values()) {
      java.net.URL folder =
          JdbcMigrations.class.getClassLoader().getResource(dialect.migrationFolder());
      assertThat(folder).as(dialect.migrationFolder()).isNotNull();
      try (var files = java.nio.file.Files.list(java.nio.file.Path.of(folder.toURI()))) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .as(dialect + " migrations")
            .containsExactlyInAnyOrderElementsOf(JdbcMigrations.VERSIONS);
      }
    }
    // Listed by version number (as text, V12 would sort before V2).
    assertThat(JdbcMigrations.VERSIONS)
        .isSortedAccordingTo(
            java.util.Comparator.comparingInt(
                v -> Integer.parseInt(v.substring(1, v.indexOf("__")))));
  }

  @Test
  void statementsAreSplitAtLineEndSemicolonsAndCommentsDropped() {
    assertThat(
            JdbcMigrations.statements(
                "-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
  }
}
