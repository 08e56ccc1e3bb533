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
        // By version number: V10 comes after V9, not after V1.
        assertThat(
                files
                    .map(f -> f.getFileName().toString())
                    .sorted(
                        java.util.Comparator.comparingInt(
                            (String f) -> Integer.parseInt(f.substring(1, f.indexOf("__"))))))
            .as(dialect + " migrations")
            .containsExactlyElementsOf(JdbcMigrations.VERSIONS);
      }
    }
  }

  @Test
  void statementsAreSplitAtLineEndSemicolonsAndCommentsDropped() {
    assertThat(
            JdbcMigrations.statements(
                "-- a comment\nCREATE TABLE a (x INT);\n\nCREATE INDEX i\n  ON a (x);\n"))
        .containsExactly("CREATE TABLE a (x INT)", "CREATE INDEX i\n  ON a (x)");
  }
}
