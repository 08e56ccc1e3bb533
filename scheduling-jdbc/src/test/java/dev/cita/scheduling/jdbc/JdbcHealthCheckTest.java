package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.health.Health;
import dev.cita.scheduling.health.HealthChecks;
import dev.cita.scheduling.health.HealthReport;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The store probe: UP on a live H2 and PostgreSQL, DOWN when the database is unreachable, and DOWN
 * within the probe's timeout when it accepts connections and never answers (no hang). Elapsed
 * bounds are loose: this is a timeout test, not a speed test.
 */
class JdbcHealthCheckTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(1);

  private static HealthReport probe(javax.sql.DataSource ds) {
    return HealthChecks.builder()
        .add(JdbcHealthCheck.of(ds, TIMEOUT))
        .timeout(TIMEOUT)
        .build()
        .check();
  }

  /** A one-connection pool on {@code url} that starts even when the server cannot be reached. */
  private static HikariDataSource pool(String url, long connectionTimeoutMillis) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setMaximumPoolSize(1);
    config.setConnectionTimeout(connectionTimeoutMillis);
    config.setInitializationFailTimeout(-1);
    return new HikariDataSource(config);
  }

  @Test
  void aLiveH2IsUp() {
    try (HikariDataSource ds = TestDatabases.h2()) {
      Health store = probe(ds).checks().get("store");
      assertThat(store.status()).isEqualTo(Health.Status.UP);
      assertThat(store.details()).containsKey("latencyMs");
    }
  }

  @Test
  void aLivePostgresIsUp() {
    HikariDataSource ds = TestDatabases.postgres();
    try {
      assertThat(JdbcStores.create(ds).healthCheck(TIMEOUT).check().status())
          .isEqualTo(Health.Status.UP);
    } finally {
      TestDatabases.dropPostgres(ds);
    }
  }

  @Test
  void aClosedPortIsDownWithinTheTimeoutAndSaysOnlyTheErrorClassAndState() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort(); // closed again when this block ends: nobody listens there
    }
    try (HikariDataSource ds =
        pool("jdbc:postgresql://127.0.0.1:" + port + "/test?user=postgres&password=hunter2", 500)) {
      long t0 = System.nanoTime();
      HealthReport report = probe(ds);
      long millis = (System.nanoTime() - t0) / 1_000_000;

      assertThat(report.status()).isEqualTo(Health.Status.DOWN);
      assertThat(report.checks().get("store").details()).containsKey("error");
      assertThat(report.toString()).doesNotContain("hunter2", "127.0.0.1", String.valueOf(port));
      assertThat(millis).isLessThan(5_000);
    }
  }

  @Test
  void aDatabaseThatAcceptsAndNeverAnswersIsDownAtTheTimeout() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new CopyOnWriteArrayList<>();
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (!silent.isClosed()) {
                    held.add(silent.accept()); // accepted, never answered
                  }
                } catch (IOException e) {
                  // closed at the end of the test
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      // The pool waits 30 seconds for a connection the server never completes.
      HikariDataSource ds =
          pool(
              "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/test?user=postgres",
              30_000);

      long t0 = System.nanoTime();
      HealthReport report = probe(ds);
      long millis = (System.nanoTime() - t0) / 1_000_000;

      assertThat(report.status()).isEqualTo(Health.Status.DOWN);
      assertThat(report.checks().get("store").details())
          .containsEntry("error", "timed out after PT1S");
      assertThat(millis).as("answered at the timeout, loosely").isBetween(900L, 5_000L);
      silent.close();
      for (Socket s : held) {
        s.close(); // the pool's pending connection fails, so closing it does not wait
      }
      ds.close();
    }
  }
}
