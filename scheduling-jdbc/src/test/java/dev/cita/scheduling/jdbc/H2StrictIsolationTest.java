package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.PostgresBookingPromisesTest.GROUP;
import static dev.cita.scheduling.jdbc.PostgresBookingPromisesTest.SINGLE;
import static dev.cita.scheduling.jdbc.PostgresBookingPromisesTest.at;
import static dev.cita.scheduling.jdbc.PostgresBookingPromisesTest.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.AppointmentType;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Issue 14 on H2: pools at stricter isolation levels neither over-fill a slot nor fail oddly. */
class H2StrictIsolationTest {
  @ParameterizedTest
  @ValueSource(strings = {"TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
  void racersAtAStrictLevelGetExactlyTheSeats(String isolation) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:cita-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    config.setMaximumPoolSize(16);
    config.setTransactionIsolation(isolation);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      JdbcMigrations.migrate(ds);
      BookingService service = PostgresBookingPromisesTest.service(ds);
      assertThat(race(service, SINGLE, at("09:00"))).as("one-seat slot").isEqualTo(1);
      assertThat(race(service, GROUP, at("12:00"))).as("seats=3 slot").isEqualTo(3);
    }
  }

  /**
   * Sixteen threads book one slot at once; returns how many succeeded (the others must be refused).
   */
  private static int race(BookingService service, AppointmentType type, Instant start)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(16);
    CountDownLatch go = new CountDownLatch(1);
    AtomicInteger won = new AtomicInteger();
    AtomicInteger odd = new AtomicInteger();
    for (int i = 0; i < 16; i++) {
      int n = i;
      pool.execute(
          () -> {
            try {
              go.await();
              service.book(request(type, start, "Cliente " + n).build());
              won.incrementAndGet();
            } catch (SlotUnavailableException e) {
              // lost the race
            } catch (Exception e) {
              odd.incrementAndGet();
              e.printStackTrace();
            }
          });
    }
    go.countDown();
    pool.shutdown();
    assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    assertThat(odd.get()).as("failures other than SlotUnavailableException").isZero();
    return won.get();
  }
}
