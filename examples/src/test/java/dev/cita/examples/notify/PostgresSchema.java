package dev.cita.examples.notify;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema on the test PostgreSQL ({@code CITA_TEST_PG_URL}, or 127.0.0.1:5432/test as
 * postgres), dropped on close; the test is skipped, saying why, when no server answers.
 */
final class PostgresSchema implements AutoCloseable {
  private final String url;
  private final String schema;
  private final List<HikariDataSource> pools = new ArrayList<>();

  private PostgresSchema(String url, String schema) {
    this.url = url;
    this.schema = schema;
  }

  static PostgresSchema createOrSkip() {
    String url = System.getenv("CITA_TEST_PG_URL");
    if (url == null || url.isBlank()) {
      url = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
    }
    String schema = "cita_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      Assumptions.abort("no PostgreSQL at " + url + " (set CITA_TEST_PG_URL): " + e.getMessage());
    }
    return new PostgresSchema(url, schema);
  }

  /** A pooled data source on the schema, as an application node would have; closed with this. */
  DataSource dataSource() {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(1);
    HikariDataSource ds = new HikariDataSource(config);
    pools.add(ds);
    return ds;
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
