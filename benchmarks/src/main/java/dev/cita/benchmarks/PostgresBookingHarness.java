package dev.cita.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.jdbc.JdbcAppointmentStore;
import dev.cita.scheduling.jdbc.JdbcMigrations;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * The booking path on PostgreSQL: {@code clients} threads (default 16) call {@link
 * BookingService#book} through {@link JdbcAppointmentStore} for {@code seconds} (default 10), each
 * booking a different free slot of 200 people after a two-second warm-up (every rule re-checked in
 * the transaction, under the per-resource advisory lock, with the exclusion constraint as the last
 * guard; each booking writes one outbox row, a queued notice). Before it, {@code pgbench} runs the
 * same transaction shape ({@code src/main/pgbench/booking.sql}) on the same schema with as many
 * clients for as long, and the rows are cleaned between the runs. Prints pgbench's TPS, Cita's
 * commits per second, their ratio, latency percentiles, and the number of overlapping rows found
 * afterwards (must be 0); then 16 clients race for the same 20 slots, the winners are counted (must
 * be 20) and the latency of the refused bookings is printed. With {@code
 * -Dcita.bench.statements=true} the free-slot run also prints the time per statement (client side,
 * slowed by the timing proxies).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cita.benchmarks.PostgresBookingHarness [jdbcUrl] [clients] [seconds]
 * </pre>
 */
public final class PostgresBookingHarness {
  private static final int CONTESTED = 20;

  /** Bookings before the measured ones (not counted), so the JIT compiler has done its work. */
  private static final int WARM_UP_SECONDS = 2;

  private PostgresBookingHarness() {}

  public static void main(String[] args) throws Exception {
    String url =
        args.length > 0
            ? args[0]
            : System.getenv()
                .getOrDefault(
                    "CITA_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");
    int clients = args.length > 1 ? Integer.parseInt(args[1]) : 16;
    int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 10;
    String schema = "cita_bench_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setSchema(schema);
    config.setMaximumPoolSize(clients + 4);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      JdbcMigrations.migrate(ds);
      clean(ds);
      OptionalDouble pgbench = PgbenchRun.tps(url, schema, clients, seconds);
      clean(ds);
      run(ds, clients, seconds, pgbench);
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** The free slots of the benchmark's people, and the service booking them. */
  private record Setup(BookingService service, List<ResourceId> people, List<TimeSlot> slots) {
    Appointment book(int index) {
      return service.book(
          BookingRequest.builder(
                  Scenario.TENANT,
                  people.get(index),
                  BookingBenchmark.TYPE.id(),
                  slots.get(index).start(),
                  ATTENDEE)
              .build());
    }
  }

  private static final Attendee ATTENDEE = Attendee.builder("Bench").phone("+56912345678").build();

  private static Setup setup(DataSource ds) {
    Scenario scenario = Scenario.of(BookingBenchmark.PEOPLE, 1, 0, 0);
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(Scenario.TENANT, BookingBenchmark.TYPE);
    List<ResourceId> people = new ArrayList<>();
    for (int i = 0; i < BookingBenchmark.PEOPLE; i++) {
      people.add(scenario.members().get(i).resource());
      schedules.saveSchedule(Scenario.TENANT, people.get(i), scenario.schedules().get(i));
    }
    // Only the appointment writes (and their outbox rows) are measured on PostgreSQL: schedules
    // (and the idempotency store, unused: no keys) stay in memory.
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .scheduleStore(schedules)
            .appointmentStore(JdbcAppointmentStore.create(ds))
            .queueNotifications()
            .clock(Clock.fixed(Scenario.NOW, Scenario.ZONE))
            .build();
    List<ResourceId> slotPeople = new ArrayList<>();
    List<TimeSlot> slots = new ArrayList<>();
    for (ResourceId r : people) {
      for (TimeSlot s :
          service.findSlots(
              SlotQuery.forResource(
                  Scenario.TENANT,
                  r,
                  BookingBenchmark.TYPE.id(),
                  Scenario.FIRST_DAY.plusDays(30),
                  Scenario.FIRST_DAY.plusDays(364)))) {
        slotPeople.add(r);
        slots.add(s);
      }
    }
    return new Setup(service, slotPeople, slots);
  }

  private static void run(HikariDataSource pool, int clients, int seconds, OptionalDouble pgbench)
      throws Exception {
    StatementTimes times =
        Boolean.getBoolean("cita.bench.statements") ? new StatementTimes() : null;
    Setup setup = setup(times == null ? pool : times.wrap(pool));
    int stride = setup.slots().size() / BookingBenchmark.PEOPLE;
    AtomicInteger next = new AtomicInteger();
    freeSlots(setup, WARM_UP_SECONDS, stride, next, new Latencies(clients));
    if (times != null) {
      times.clear();
    }
    Latencies booked = new Latencies(clients);
    double elapsed = freeSlots(setup, seconds, stride, next, booked);
    double rate = booked.count() / elapsed;
    System.out.printf(
        Locale.ROOT,
        "PostgreSQL booking path: %d clients, %.1f s, %d commits, %.0f commits/s%n",
        clients,
        elapsed,
        booked.count(),
        rate);
    if (pgbench.isPresent()) {
      System.out.printf(
          Locale.ROOT,
          "pgbench, same transaction shape, %d clients: %.0f TPS; Cita / pgbench: %.0f %%%n",
          clients,
          pgbench.getAsDouble(),
          100 * rate / pgbench.getAsDouble());
    }
    System.out.println("latency ms: " + booked.summary());
    if (times != null) {
      times.print(System.out, booked.count());
    }
    System.out.println("overlapping time-holding rows: " + overlaps(pool));
    contended(setup, clients, stride, pool);
  }

  /** Latencies of one kind of outcome, from every client. */
  private static final class Latencies {
    private final long[][] byClient;
    private final int[] counts;

    Latencies(int clients) {
      byClient = new long[clients][1 << 20];
      counts = new int[clients];
    }

    void add(int client, long nanos) {
      byClient[client][counts[client]++] = nanos;
    }

    int count() {
      return Arrays.stream(counts).sum();
    }

    String summary() {
      long[] all = new long[count()];
      int k = 0;
      for (int t = 0; t < counts.length; t++) {
        System.arraycopy(byClient[t], 0, all, k, counts[t]);
        k += counts[t];
      }
      if (all.length == 0) {
        return "none";
      }
      Arrays.sort(all);
      return String.format(
          Locale.ROOT,
          "p50 %.2f, p90 %.2f, p99 %.2f, max %.2f (%d)",
          pct(all, 0.50),
          pct(all, 0.90),
          pct(all, 0.99),
          all[all.length - 1] / 1e6,
          all.length);
    }
  }

  /**
   * Clients book different free slots until the time is up, the {@code next} ones by a counter
   * shared with earlier calls, adding the committed bookings' latencies to {@code latencies};
   * returns the seconds it took.
   */
  private static double freeSlots(
      Setup setup, int seconds, int stride, AtomicInteger next, Latencies latencies)
      throws InterruptedException {
    int clients = latencies.counts.length;
    int people = BookingBenchmark.PEOPLE;
    long began = System.nanoTime();
    long deadline = began + seconds * 1_000_000_000L;
    AtomicInteger refused = new AtomicInteger();
    Thread[] threads = new Thread[clients];
    for (int t = 0; t < clients; t++) {
      int client = t;
      threads[t] =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  int i = next.getAndIncrement();
                  // Stride through people so concurrent clients mostly book different people, as
                  // real traffic does; the last slot of each person is left for the race below.
                  if (i / people >= stride - 1) {
                    return;
                  }
                  long start = System.nanoTime();
                  try {
                    setup.book((i % people) * stride + i / people);
                    latencies.add(client, System.nanoTime() - start);
                  } catch (SlotUnavailableException e) {
                    refused.incrementAndGet();
                  }
                }
              });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - began) / 1e9;
    if (refused.get() > 0) {
      System.out.println("refused free-slot bookings: " + refused.get());
    }
    return elapsed;
  }

  /** Every client tries the same 20 one-seat slots, in the same order. */
  private static void contended(Setup setup, int clients, int stride, DataSource ds)
      throws InterruptedException, SQLException {
    AtomicInteger winners = new AtomicInteger();
    Latencies refusals = new Latencies(clients);
    CountDownLatch go = new CountDownLatch(1);
    Thread[] racers = new Thread[clients];
    for (int t = 0; t < clients; t++) {
      int client = t;
      racers[t] =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int s = 0; s < CONTESTED; s++) {
                  long start = System.nanoTime();
                  try {
                    setup.book((stride - 1) + s * stride); // the last slot of 20 people
                    winners.incrementAndGet();
                  } catch (SlotUnavailableException e) {
                    refusals.add(client, System.nanoTime() - start); // lost, as all but one must
                  }
                }
              });
      racers[t].start();
    }
    go.countDown();
    for (Thread t : racers) {
      t.join();
    }
    System.out.println(
        "contended: "
            + clients
            + " clients x "
            + CONTESTED
            + " slots -> "
            + winners.get()
            + " bookings (must be "
            + CONTESTED
            + "); overlapping rows: "
            + overlaps(ds));
    System.out.println("refused booking latency ms: " + refusals.summary());
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  /** Removes every appointment and outbox row, so each run starts from empty tables. */
  private static void clean(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE cita_appointment, cita_appointment_participant, cita_appointment_ref,"
              + " cita_outbox");
      s.execute("ANALYZE");
    }
  }

  private static long overlaps(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM cita_appointment a JOIN cita_appointment b ON a.tenant_id ="
                    + " b.tenant_id AND a.resource_id = b.resource_id AND a.id < b.id WHERE"
                    + " a.holds_time AND b.holds_time AND a.start_at < b.end_at AND b.start_at <"
                    + " a.end_at")) {
      r.next();
      return r.getLong(1);
    }
  }
}
