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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, "A PostgreSQL test with several JVMs": {@link StressNode} JVMs share one schema and mix
 * bookings with shared idempotency keys, bookings without keys, moves and cancels over buffered,
 * seated and daily-capped types, with pools at READ COMMITTED and at REPEATABLE READ; then SQL
 * counts what must never exist: overlapping buffered spans, over-full slots, over-cap days, keys
 * naming more than one appointment. By default a short run (a few seconds, two JVMs); the long run:
 * {@code -Dcita.stress.seconds=30 -Dcita.stress.jvms=4 -Dcita.stress.threads=8}.
 */
class PostgresStressTest {
  private static final int SECONDS = Integer.getInteger("cita.stress.seconds", 3);
  private static final int JVMS = Integer.getInteger("cita.stress.jvms", 2);
  private static final int THREADS = Integer.getInteger("cita.stress.threads", 4);
  private static final long SEED = Long.getLong("cita.stress.seed", System.nanoTime());

  private HikariDataSource dataSource;
  private final List<Process> nodes = new ArrayList<>();

  @AfterEach
  void cleanUp() {
    nodes.forEach(Process::destroyForcibly);
    TestDatabases.dropPostgres(dataSource);
  }

  @ParameterizedTest
  @ValueSource(strings = {"TRANSACTION_READ_COMMITTED", "TRANSACTION_REPEATABLE_READ"})
  void severalJvmsNeverBreakTheBookingRules(String isolation) throws Exception {
    dataSource = TestDatabases.postgres();
    StressNode.setUp(dataSource);
    List<BufferedReader> outputs = new ArrayList<>();
    for (int i = 0; i < JVMS; i++) {
      Process node =
          ChildJvm.of(
                  StressNode.class,
                  TestDatabases.postgresUrl(),
                  dataSource.getSchema(),
                  isolation,
                  String.valueOf(THREADS),
                  String.valueOf(SECONDS),
                  String.valueOf(SEED + i))
              .start();
      nodes.add(node);
      BufferedReader out =
          new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      assertThat(CrossProcessBookingTest.readLine(out, "READY")).isEqualTo("READY");
      outputs.add(out);
    }
    long startAt = System.currentTimeMillis() + 1_000;
    for (Process node : nodes) {
      Writer go = new OutputStreamWriter(node.getOutputStream(), StandardCharsets.UTF_8);
      go.write("GO " + startAt + "\n");
      go.flush();
    }
    Map<String, Long> totals = new TreeMap<>();
    for (int i = 0; i < JVMS; i++) {
      String result = CrossProcessBookingTest.readLine(outputs.get(i), "RESULT");
      for (String pair : result.substring("RESULT".length()).trim().split(" ")) {
        String[] kv = pair.split("=");
        totals.merge(kv[0], Long.parseLong(kv[1]), Long::sum);
      }
      assertThat(nodes.get(i).waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(nodes.get(i).exitValue()).isZero();
    }

    Map<String, Long> violations = violations();
    System.out.println(
        "stress "
            + isolation
            + ", "
            + JVMS
            + " JVMs x "
            + THREADS
            + " threads, "
            + SECONDS
            + " s, seed "
            + SEED
            + ": "
            + totals
            + "; rows "
            + rows()
            + "; violations "
            + violations);
    assertThat(violations)
        .as("seed " + SEED)
        .allSatisfy((what, n) -> assertThat(n).as(what).isZero());
    assertThat(totals.keySet()).as("seed " + SEED).noneMatch(k -> k.endsWith(".unexpected"));
    assertThat(totals.getOrDefault("keyed.ok", 0L) + totals.getOrDefault("book.ok", 0L))
        .as("the run booked something")
        .isPositive();
  }

  /** The counts that must all be zero. */
  private Map<String, Long> violations() throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    out.put(
        "overlapping buffered spans",
        count(
            "SELECT count(*) FROM cita_appointment a JOIN cita_appointment b ON a.tenant_id ="
                + " b.tenant_id AND a.resource_id = b.resource_id AND a.id < b.id WHERE"
                + " a.holds_time AND b.holds_time AND a.slot_key <> b.slot_key AND ((a.start_at -"
                + " make_interval(secs => a.buffer_before_seconds) < b.end_at       AND b.start_at"
                + " < a.end_at + make_interval(secs => a.buffer_after_seconds))   OR (b.start_at -"
                + " make_interval(secs => b.buffer_before_seconds) < a.end_at       AND a.start_at"
                + " < b.end_at + make_interval(secs => b.buffer_after_seconds)))"));
    out.put(
        "over-full slots",
        count(
            "SELECT count(*) FROM (SELECT type_id, count(*) AS n FROM cita_appointment"
                + " WHERE holds_time GROUP BY tenant_id, resource_id, slot_key, type_id) s"
                + " WHERE s.n > CASE s.type_id WHEN '"
                + StressNode.GROUP.id()
                + "' THEN "
                + StressNode.GROUP.seats()
                + " ELSE 1 END"));
    out.put(
        "over-cap days",
        count(
            "SELECT count(*) FROM (SELECT count(*) AS n FROM cita_appointment"
                + " WHERE holds_time AND type_id = '"
                + StressNode.CAPPED.id()
                + "'"
                + " GROUP BY tenant_id, resource_id, (start_at AT TIME ZONE '"
                + StressNode.ZONE.getId()
                + "')::date) d"
                + " WHERE d.n > "
                + StressNode.CAPPED.maxPerDay().orElseThrow()));
    out.put(
        "keys naming more than one appointment",
        count(
            "SELECT count(*) FROM (SELECT 1 FROM cita_appointment WHERE idempotency_key IS NOT NULL"
                + " GROUP BY tenant_id, idempotency_key HAVING count(*) > 1) k"));
    out.put(
        "claims naming another appointment than the key's",
        count(
            "SELECT count(*) FROM cita_idempotency_key k JOIN cita_appointment a ON a.tenant_id ="
                + " k.tenant_id AND a.idempotency_key = k.idempotency_key WHERE a.id <>"
                + " k.appointment_id"));
    return out;
  }

  private String rows() throws SQLException {
    return count("SELECT count(*) FROM cita_appointment")
        + " appointments, "
        + count("SELECT count(*) FROM cita_appointment WHERE holds_time")
        + " holding time, "
        + count("SELECT count(*) FROM cita_appointment WHERE idempotency_key IS NOT NULL")
        + " keyed";
  }

  private long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
