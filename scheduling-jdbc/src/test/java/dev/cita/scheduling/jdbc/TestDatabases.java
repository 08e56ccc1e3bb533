package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assumptions;

/**
 * Fresh, migrated databases for tests: H2 in memory (always), and PostgreSQL at {@code
 * CITA_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), each
 * test database in its own schema. Without a reachable server the PostgreSQL tests are skipped,
 * saying which variable points them at one.
 */
final class TestDatabases {
  public static final String PG_URL_VARIABLE = "CITA_TEST_PG_URL";
  private static final String DEFAULT_PG_URL =
      "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

  /** Schemas this JVM created and has not dropped yet; dropped when the JVM ends. */
  private static final Set<String> CREATED = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> CREATED.forEach(TestDatabases::dropSchema), "drop-test-schemas"));
  }

  private TestDatabases() {}

  /** A new, empty, migrated H2 database in memory. */
  public static HikariDataSource h2() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:cita-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(20);
    config.setMinimumIdle(1);
    HikariDataSource ds = new HikariDataSource(config);
    JdbcMigrations.migrate(ds);
    return ds;
  }

  public static String postgresUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    return url == null || url.isBlank() ? DEFAULT_PG_URL : url;
  }

  /** A new schema on the test PostgreSQL server, migrated; skips the test when there is none. */
  public static HikariDataSource postgres() {
    String url = postgresUrl();
    String schema = "cita_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      keepBtreeGistOutOfTestSchemas(s);
      s.execute("CREATE SCHEMA " + schema);
      CREATED.add(schema);
    } catch (SQLException e) {
      Assumptions.abort(
          "PostgreSQL tests skipped: no server at "
              + url
              + " ("
              + e.getMessage()
              + "); set "
              + PG_URL_VARIABLE
              + " to a JDBC URL of a server to run them");
    }
    return postgres(url, schema);
  }

  /**
   * Creates the btree_gist extension (the migrations need it) in {@code public}, once per database.
   * Otherwise the first test's migration creates it in that test's schema, and dropping that schema
   * drops it under every test migrating at the same time ("referenced operator class was
   * concurrently dropped"). A default operator class is found whatever the search path.
   */
  private static void keepBtreeGistOutOfTestSchemas(Statement s) {
    try {
      s.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public");
    } catch (SQLException e) {
      // another JVM created it at the same moment, or the server refuses: the migration says so
    }
  }

  /** Closes {@code ds} and drops its PostgreSQL schema; does nothing for null. */
  public static void dropPostgres(HikariDataSource ds) {
    if (ds == null) {
      return;
    }
    String schema = ds.getSchema();
    ds.close();
    if (schema != null) {
      dropSchema(schema);
    }
  }

  private static void dropSchema(String schema) {
    try (Connection c = DriverManager.getConnection(postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      CREATED.remove(schema);
    } catch (SQLException e) {
      // best effort: a left-over schema does not affect other tests
    }
  }

  /** A pool on an existing schema (a second "node", or the same database after a restart). */
  public static HikariDataSource postgres(String url, String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(20);
    // Open connections on demand: the server is shared, and most tests need one or two.
    config.setMinimumIdle(1);
    HikariDataSource ds = new HikariDataSource(config);
    JdbcMigrations.migrate(ds);
    return ds;
  }
}
