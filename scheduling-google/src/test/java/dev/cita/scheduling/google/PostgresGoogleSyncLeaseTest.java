package dev.cita.scheduling.google;

import dev.cita.scheduling.jdbc.JdbcStores;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;

/**
 * {@link GoogleSyncSchedulerLeaseTest} with each node on its own {@link JdbcStores} over one new
 * schema of the test PostgreSQL server ({@code CITA_TEST_PG_URL}, default the local server);
 * skipped without a server.
 */
class PostgresGoogleSyncLeaseTest extends GoogleSyncSchedulerLeaseTest {
  private final String server = serverUrl();
  private final String schema =
      "cita_glease_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
  private final JdbcNodeStores nodes = new JdbcNodeStores();
  private boolean created;

  private static String serverUrl() {
    String url = System.getenv("CITA_TEST_PG_URL");
    return url == null || url.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
        : url;
  }

  @Override
  SharedStores nodeStores() {
    if (!created) {
      execute("CREATE SCHEMA " + schema);
      created = true;
    }
    return nodes.node(server, schema, clock);
  }

  @AfterEach
  void dropSchema() {
    nodes.close();
    if (created) {
      execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
    }
  }

  private void execute(String sql) {
    try (Connection c = DriverManager.getConnection(server);
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      Assumptions.abort("no PostgreSQL at " + server + " (set CITA_TEST_PG_URL): " + e);
    }
  }
}
