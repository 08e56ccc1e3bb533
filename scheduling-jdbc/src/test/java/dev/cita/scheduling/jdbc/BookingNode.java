package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.SlotUnavailableException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A second "node" for {@link CrossProcessBookingTest}: connects to {@code args[0]} (JDBC URL) and
 * schema {@code args[1]}, prints READY, waits for {@code GO <start millis>} on stdin, then from
 * that moment books every seat slot from {@code args[3]} threads with ids prefixed {@code args[2]},
 * and prints {@code WON n}.
 */
public final class BookingNode {
  private BookingNode() {}

  public static void main(String[] args) throws Exception {
    try (HikariDataSource ds = TestDatabases.postgres(args[0], args[1])) {
      JdbcAppointmentStore store = JdbcAppointmentStore.create(ds);
      warmUp(ds, Integer.parseInt(args[3]));
      warmUpBooking(store, args[2]);
      System.out.println("READY");
      System.out.flush();
      String go =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long startAt = Long.parseLong(go.substring("GO ".length()));
      System.out.println("WON " + race(store, args[2], Integer.parseInt(args[3]), startAt));
      System.out.flush();
    }
  }

  /** Opens as many connections as there will be threads, so the race does not wait for the pool. */
  static void warmUp(javax.sql.DataSource ds, int connections) throws java.sql.SQLException {
    java.util.List<java.sql.Connection> open = new java.util.ArrayList<>();
    try {
      for (int i = 0; i < connections; i++) {
        java.sql.Connection c = ds.getConnection();
        open.add(c);
        try (java.sql.Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      }
    } finally {
      for (java.sql.Connection c : open) {
        c.close();
      }
    }
  }

  /**
   * Books once for another tenant, so that this JVM has loaded and compiled the booking path before
   * the race (a cold JVM would otherwise start late and find every seat taken).
   */
  static void warmUpBooking(JdbcAppointmentStore store, String node) {
    for (int i = 0; i < 20; i++) {
      var warm =
          Seats.booking("warm-" + node + "-" + i, i).toBuilder()
              .tenant(dev.cita.scheduling.model.TenantId.of("warm-up-" + node))
              .build();
      store.insert(warm, Seats.check(warm, 1));
    }
  }

  /**
   * Every thread tries every slot once, all starting at {@code startAtMillis} (wall clock, shared
   * by both processes on one machine, so that the two nodes really race); returns the successes.
   */
  static int race(JdbcAppointmentStore store, String prefix, int threads, long startAtMillis)
      throws InterruptedException {
    AtomicInteger won = new AtomicInteger();
    AtomicInteger unexpected = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.execute(
          () -> {
            try {
              Thread.sleep(Math.max(0, startAtMillis - System.currentTimeMillis()));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int k = 0; k < Seats.SLOTS; k++) {
              int slot = (k + thread) % Seats.SLOTS;
              var candidate = Seats.booking(prefix + "-" + thread + "-" + slot, slot);
              try {
                store.insert(candidate, Seats.check(candidate, Seats.seats(slot)));
                won.incrementAndGet();
              } catch (SlotUnavailableException e) {
                // lost the race
              } catch (RuntimeException e) {
                unexpected.incrementAndGet();
                e.printStackTrace();
              }
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(2, TimeUnit.MINUTES);
    if (unexpected.get() > 0) {
      throw new IllegalStateException(unexpected.get() + " unexpected failures");
    }
    return won.get();
  }
}
