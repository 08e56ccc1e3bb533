package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.testkit.ChildJvm;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, "collective booking races": 16 threads in each of two JVMs book overlapping collective
 * (all-of, two or three resources, host not always the lowest id) and single slots through {@code
 * BookingService} on one PostgreSQL schema, cancelling some collectives again. Read back from the
 * database: no resource is ever double-booked counting participant rows, every collective
 * appointment has all its participant rows (same time, same holds_time), both nodes finished within
 * the timeout and no write failed otherwise than "slot unavailable" (a deadlock, error 40P01, would
 * be such a failure). Skipped without PostgreSQL.
 */
class PostgresCollectiveBookingRaceTest {
  private static final int THREADS = 16;

  /** Every time-holding claim of a resource: host rows and participant rows. */
  private static final String HELD =
      "WITH held AS (SELECT tenant_id, id AS appointment_id, resource_id, start_at, end_at FROM"
          + " cita_appointment WHERE holds_time UNION ALL SELECT tenant_id, appointment_id,"
          + " resource_id, start_at, end_at FROM cita_appointment_participant WHERE holds_time) ";

  private HikariDataSource dataSource;

  @AfterEach
  void cleanUp() {
    TestDatabases.dropPostgres(dataSource);
  }

  @Test
  void twoJvmsBookingCollectiveAndSingleSlotsNeverDoubleBookNorDeadlockNorWriteHalf()
      throws Exception {
    dataSource = TestDatabases.postgres();
    CollectiveBookingNode.setUp(dataSource);
    var service = CollectiveBookingNode.service(dataSource);
    CollectiveBookingNode.Result here;
    String there;
    try (ChildJvm child =
        ChildJvm.start(
            Duration.ofMinutes(3),
            CollectiveBookingNode.class,
            TestDatabases.postgresUrl(),
            dataSource.getSchema(),
            "child",
            String.valueOf(THREADS))) {
      assertThat(child.readLine()).isEqualTo("READY");
      BookingNode.warmUp(dataSource, THREADS);
      long startAt = System.currentTimeMillis() + 2_000;
      child.send("GO " + startAt);
      here = CollectiveBookingNode.race(service, "parent", THREADS, startAt);
      there = child.readLine();
    }
    String[] parts = there.split(" ");
    assertThat(parts[0]).as("the child's last line: " + there).isEqualTo("DONE");
    int bookedThere = Integer.parseInt(parts[1]);
    System.out.printf(
        "collective race: parent booked %d in %d ms, child %d in %s ms%n",
        here.booked(), here.millis(), bookedThere, parts[3]);

    assertThat(here.unexpected()).as("unexpected failures in the parent").isZero();
    assertThat(Integer.parseInt(parts[2])).as("unexpected failures in the child").isZero();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      assertThat(
              single(
                  s,
                  HELD
                      + "SELECT count(*) FROM held a JOIN held b ON a.tenant_id = b.tenant_id AND"
                      + " a.resource_id = b.resource_id AND a.appointment_id < b.appointment_id"
                      + " WHERE a.start_at < b.end_at AND b.start_at < a.end_at"))
          .as("pairs of overlapping claims of one resource")
          .isZero();
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment a WHERE a.participants IS NOT NULL AND"
                      + " json_array_length(a.participants::json) <> (SELECT count(*) FROM"
                      + " cita_appointment_participant p WHERE p.tenant_id = a.tenant_id AND"
                      + " p.appointment_id = a.id)"))
          .as("collective appointments missing participant rows")
          .isZero();
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment_participant p JOIN cita_appointment a ON"
                      + " a.tenant_id = p.tenant_id AND a.id = p.appointment_id WHERE p.start_at <>"
                      + " a.start_at OR p.end_at <> a.end_at OR p.holds_time <> a.holds_time"))
          .as("participant rows out of step with their appointment")
          .isZero();
      assertThat(single(s, "SELECT count(*) FROM cita_appointment WHERE tenant_id = 'coro'"))
          .as("rows stored = bookings both nodes reported")
          .isEqualTo(here.booked() + bookedThere);
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment WHERE tenant_id = 'coro' AND"
                      + " participants IS NOT NULL"))
          .as("collective appointments booked")
          .isPositive();
      assertThat(
              single(
                  s,
                  "SELECT count(*) FROM cita_appointment WHERE tenant_id = 'coro' AND status ="
                      + " 'CANCELLED' AND participants IS NOT NULL"))
          .as("collective appointments cancelled during the race")
          .isPositive();
    }
  }

  private static long single(Statement s, String sql) throws SQLException {
    try (ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
