package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two JVMs × 16 threads book the same slots on one PostgreSQL schema: the table must hold no
 * overlap between different slots, exactly one booking per one-seat slot and exactly N per N-seat
 * slot, and the successes the nodes report must be exactly the rows stored.
 */
class CrossProcessBookingTest {
  private static final int THREADS = 16;
  private HikariDataSource dataSource;
  private Process child;

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
    TestDatabases.dropPostgres(dataSource);
  }

  @Test
  void twoProcessesBookingTheSameSlotsNeverOverbook() throws Exception {
    dataSource = TestDatabases.postgres();
    String schema = dataSource.getSchema();
    JdbcAppointmentStore store = JdbcAppointmentStore.create(dataSource);
    child =
        ChildJvm.of(
                BookingNode.class,
                TestDatabases.postgresUrl(),
                schema,
                "child",
                String.valueOf(THREADS))
            .start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    assertThat(readLine(out, "READY")).isEqualTo("READY");

    Writer go = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    BookingNode.warmUp(dataSource, THREADS);
    BookingNode.warmUpBooking(store, "parent");
    long startAt = System.currentTimeMillis() + 2_000;
    go.write("GO " + startAt + "\n");
    go.flush();
    int wonHere = BookingNode.race(store, "parent", THREADS, startAt);
    String result = readLine(out, "WON ");
    assertThat(child.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(child.exitValue()).isZero();
    int wonThere = Integer.parseInt(result.substring("WON ".length()));

    int seats = 0;
    for (int slot = 0; slot < Seats.SLOTS; slot++) {
      seats += Seats.seats(slot);
    }
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment a JOIN cita_appointment b ON a.tenant_id ="
                      + " b.tenant_id AND a.resource_id = b.resource_id AND a.id < b.id WHERE"
                      + " a.holds_time AND b.holds_time AND a.start_at < b.end_at AND b.start_at <"
                      + " a.end_at AND (a.start_at <> b.start_at OR a.end_at <> b.end_at)"))
          .as("overlapping rows of different slots")
          .isZero();
      for (int slot = 0; slot < Seats.SLOTS; slot++) {
        java.time.Instant start = Seats.booking("x", slot).start();
        assertThat(
                single(
                    s,
                    "SELECT count(*) FROM cita_appointment WHERE holds_time AND start_at = '"
                        + start
                        + "'::timestamptz AND tenant_id = '"
                        + Seats.TENANT.value()
                        + "'"))
            .as("bookings of slot " + slot)
            .isEqualTo(Seats.seats(slot));
      }
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment WHERE tenant_id = '"
                      + Seats.TENANT.value()
                      + "'"))
          .isEqualTo(seats);
    }
    assertThat(wonHere + wonThere).as("successes reported by both nodes").isEqualTo(seats);
    // Both nodes ran the whole race (every thread tried every slot) and both exited cleanly; which
    // node wins which seat is up to timing, so it is not asserted.
  }

  /** The first line of a child's output starting with {@code prefix}; fails if it exits first. */
  static String readLine(BufferedReader out, String prefix) throws Exception {
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("the child exited without printing " + prefix);
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
