package dev.cita.scheduling.whatsapp;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;

/**
 * Databases shared by the multi-node WhatsApp tests: the test PostgreSQL server at {@code
 * CITA_TEST_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), a new
 * schema per test, and small pools on it. Without a reachable server the PostgreSQL tests are
 * skipped, saying which variable points them at one.
 */
final class TestDatabases {
  static final String PG_URL_VARIABLE = "CITA_TEST_PG_URL";

  private TestDatabases() {}

  /** The JDBC URL of the test PostgreSQL server. */
  static String postgresUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    return url == null || url.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
        : url;
  }

  /** Creates a new, empty schema on the server at {@code url}; skips the test without a server. */
  static String newPostgresSchema(String url) {
    String schema = "cita_wa_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort(
          "PostgreSQL test skipped: no server at "
              + url
              + " ("
              + e.getMessage()
              + "); set "
              + PG_URL_VARIABLE
              + " to a JDBC URL of a server to run it");
    }
    return schema;
  }

  /** A small pool on {@code url} (and {@code schema}, when not null); close it after the test. */
  static HikariDataSource pool(String url, @Nullable String schema) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(2);
    config.setMinimumIdle(1);
    return new HikariDataSource(config);
  }

  /** Runs {@code sql} on {@code url}, best effort (for dropping test databases). */
  static void execute(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      // best effort: a left-over test database does not affect other tests
    }
  }
}
