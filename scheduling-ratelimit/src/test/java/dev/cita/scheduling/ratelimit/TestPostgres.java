package dev.cita.scheduling.ratelimit;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the test PostgreSQL server at {@code CITA_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}) with the bucket table, and small pools on
 * it (one per simulated node). Without a reachable server the test is skipped, saying which
 * variable points it at one. Close it after the test.
 */
final class TestPostgres implements AutoCloseable {
  static final String PG_URL_VARIABLE = "CITA_TEST_PG_URL";

  private final String url;
  private final String schema;
  private final List<HikariDataSource> pools = new ArrayList<>();

  TestPostgres() {
    String configured = System.getenv(PG_URL_VARIABLE);
    url =
        configured == null || configured.isBlank()
            ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
            : configured;
    schema = "cita_rl_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
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
  }

  /** A new small pool on the schema: one node's connections. */
  HikariDataSource pool() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    HikariDataSource pool = new HikariDataSource(config);
    pools.add(pool);
    return pool;
  }

  @Override
  public void close() throws SQLException {
    pools.forEach(HikariDataSource::close);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }
}
