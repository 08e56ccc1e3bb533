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
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The booking path on PostgreSQL: {@code clients} threads (default 16) call {@link
 * BookingService#book} through {@link JdbcAppointmentStore} for {@code seconds} (default 10), each
 * booking a different free slot of 200 people (every rule re-checked in the transaction, under the
 * per-resource advisory lock, with the exclusion constraint as the last guard). Prints commits per
 * second, latency percentiles, and the number of overlapping rows found afterwards (must be 0);
 * then 16 clients race for the same 20 slots and the winners are counted (must be 20).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.cita.benchmarks.PostgresBookingHarness [jdbcUrl] [clients] [seconds]
 * </pre>
 */
public final class PostgresBookingHarness {
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
      run(ds, clients, seconds);
    } finally {
      try (Connection c = DriverManager.getConnection(url);
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  private static void run(HikariDataSource ds, int clients, int seconds) throws Exception {
    Scenario scenario = Scenario.of(BookingBenchmark.PEOPLE, 1, 0, 0);
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(Scenario.TENANT, BookingBenchmark.TYPE);
    List<ResourceId> people = new ArrayList<>();
    for (int i = 0; i < BookingBenchmark.PEOPLE; i++) {
      people.add(scenario.members().get(i).resource());
      schedules.saveSchedule(Scenario.TENANT, people.get(i), scenario.schedules().get(i));
    }
    // Only the appointment writes are measured on PostgreSQL: schedules (and the idempotency store,
    // unused: no keys) stay in memory.
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .scheduleStore(schedules)
            .appointmentStore(JdbcAppointmentStore.create(ds))
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
    // Stride through people so concurrent clients mostly book different people, as real traffic
    // does.
    int stride = slots.size() / people.size();
    Attendee attendee = Attendee.builder("Bench").phone("+56912345678").build();
    AtomicInteger next = new AtomicInteger();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[][] latencies = new long[clients][];
    int[] counts = new int[clients];
    AtomicInteger refused = new AtomicInteger();
    Thread[] threads = new Thread[clients];
    for (int t = 0; t < clients; t++) {
      int client = t;
      latencies[t] = new long[1 << 20];
      threads[t] =
          new Thread(
              () -> {
                while (System.nanoTime() < deadline) {
                  int i = next.getAndIncrement();
                  int index = (i % people.size()) * stride + i / people.size();
                  if (i / people.size() >= stride) {
                    return;
                  }
                  long start = System.nanoTime();
                  try {
                    service.book(
                        BookingRequest.builder(
                                Scenario.TENANT,
                                slotPeople.get(index),
                                BookingBenchmark.TYPE.id(),
                                slots.get(index).start(),
                                attendee)
                            .build());
                    latencies[client][counts[client]++] = System.nanoTime() - start;
                  } catch (SlotUnavailableException e) {
                    refused.incrementAndGet();
                  }
                }
              });
    }
    long began = System.nanoTime();
    for (Thread t : threads) {
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    double elapsed = (System.nanoTime() - began) / 1e9;
    long[] all = new long[Arrays.stream(counts).sum()];
    int k = 0;
    for (int t = 0; t < clients; t++) {
      System.arraycopy(latencies[t], 0, all, k, counts[t]);
      k += counts[t];
    }
    Arrays.sort(all);
    System.out.printf(
        Locale.ROOT,
        "PostgreSQL booking path: %d clients, %.1f s, %d commits, %.0f commits/s%n",
        clients,
        elapsed,
        all.length,
        all.length / elapsed);
    System.out.printf(
        Locale.ROOT,
        "latency ms: p50 %.2f, p90 %.2f, p99 %.2f, max %.2f; refused %d%n",
        pct(all, 0.50),
        pct(all, 0.90),
        pct(all, 0.99),
        all[all.length - 1] / 1e6,
        refused.get());
    System.out.println("overlapping time-holding rows: " + overlaps(ds));

    // Contention: every client tries the same 20 one-seat slots.
    int contested = 20;
    AtomicInteger winners = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    Thread[] racers = new Thread[clients];
    for (int t = 0; t < clients; t++) {
      racers[t] =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                for (int s = 0; s < contested; s++) {
                  int index =
                      (stride - 1)
                          + s * stride; // last slot of 20 different people, never booked above
                  try {
                    service.book(
                        BookingRequest.builder(
                                Scenario.TENANT,
                                slotPeople.get(index),
                                BookingBenchmark.TYPE.id(),
                                slots.get(index).start(),
                                attendee)
                            .build());
                    winners.incrementAndGet();
                  } catch (SlotUnavailableException e) {
                    // lost the race, as all but one must
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
            + contested
            + " slots -> "
            + winners.get()
            + " bookings (must be "
            + contested
            + "); overlapping rows: "
            + overlaps(ds));
  }

  private static double pct(long[] sorted, double p) {
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static long overlaps(HikariDataSource ds) throws SQLException {
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
