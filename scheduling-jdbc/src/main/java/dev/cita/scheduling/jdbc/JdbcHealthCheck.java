package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.health.Health;
import dev.cita.scheduling.health.HealthCheck;
import dev.cita.scheduling.internal.Checks;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;

/**
 * Health {@code "store"}: whether the database answers, with {@code SELECT 1} on a connection from
 * the application's {@link DataSource}, the connection first checked with {@link
 * Connection#isValid(int)} and the query given a {@linkplain Statement#setQueryTimeout query
 * timeout}, both of the probe's timeout (whole seconds, at least 1). UP with the round trip in
 * milliseconds; DOWN with the exception's class name and SQL state, never its message (it may name
 * hosts and users). Getting a connection is bounded only by the pool's own settings: run the check
 * in {@link dev.cita.scheduling.health.HealthChecks}, which answers DOWN at its timeout whatever
 * the driver waits for.
 */
public final class JdbcHealthCheck implements HealthCheck {
  /** The probe's query: the cheapest statement every database answers. */
  static final String PROBE_SQL = "SELECT 1";

  private final DataSource dataSource;
  private final int timeoutSeconds;

  private JdbcHealthCheck(DataSource dataSource, int timeoutSeconds) {
    this.dataSource = dataSource;
    this.timeoutSeconds = timeoutSeconds;
  }

  /**
   * {@return a probe of {@code dataSource}}
   *
   * @param dataSource the stores' data source
   * @param timeout the probe's timeout, rounded up to whole seconds; positive
   */
  public static JdbcHealthCheck of(DataSource dataSource, Duration timeout) {
    Checks.notNull(dataSource, "dataSource");
    Checks.positive(timeout, "timeout");
    long seconds = Math.max(1, (timeout.toMillis() + 999) / 1000);
    return new JdbcHealthCheck(dataSource, (int) Math.min(seconds, Integer.MAX_VALUE));
  }

  @Override
  public String name() {
    return "store";
  }

  @Override
  public Health check() {
    long start = System.nanoTime();
    try (Connection c = dataSource.getConnection()) {
      if (!c.isValid(timeoutSeconds)) {
        return Health.down(Map.of("error", "connection not valid"));
      }
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(timeoutSeconds);
        s.execute(PROBE_SQL);
      }
      long millis = (System.nanoTime() - start) / 1_000_000;
      return Health.up(Map.of("latencyMs", Long.toString(millis)));
    } catch (SQLException e) {
      String state = e.getSQLState();
      return Health.down(
          state == null
              ? Map.of("error", e.getClass().getSimpleName())
              : Map.of("error", e.getClass().getSimpleName(), "sqlState", state));
    }
  }
}
