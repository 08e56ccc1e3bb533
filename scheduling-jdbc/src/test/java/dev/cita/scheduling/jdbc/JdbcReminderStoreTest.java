package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.notify.ReminderKey;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcReminderStore} on H2 and PostgreSQL, beyond the testkit's {@code
 * ReminderStoreContract} (which {@link H2ReminderStoreContractTest} and {@link
 * PostgresReminderStoreContractTest} run): the column limits. Also holds the databases and the race
 * helper other JDBC tests share.
 */
class JdbcReminderStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-03T13:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final ReminderKey KEY = key(TenantId.of("clinica-norte"));

  private HikariDataSource dataSource;

  enum Db {
    H2(TestDatabases::h2),
    POSTGRES(TestDatabases::postgres);

    final Supplier<HikariDataSource> open;

    Db(Supplier<HikariDataSource> open) {
      this.open = open;
    }
  }

  private static ReminderKey key(TenantId tenant) {
    return new ReminderKey(
        tenant,
        AppointmentId.of("appt-1"),
        Instant.parse("2026-03-04T13:00:00Z"),
        Duration.ofHours(24),
        RecipientKind.CUSTOMER,
        "whatsapp");
  }

  private JdbcReminderStore store(Db db) {
    dataSource = db.open.get();
    return new JdbcReminderStore(dataSource);
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anOversizedWorkerIdIsRefusedNamingTheFieldAndWritesNothing(Db db) {
    JdbcReminderStore store = store(db);

    assertThatThrownBy(() -> store.claim(KEY, "w".repeat(201), NOW, LEASE))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("worker"));
    assertThat(store.find(KEY)).isEmpty();
  }

  static <T> List<T> race(int threads, java.util.function.IntFunction<Callable<T>> calls)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        Callable<T> call = calls.apply(i);
        futures.add(
            pool.submit(
                () -> {
                  go.await();
                  return call.call();
                }));
      }
      go.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : futures) {
        out.add(f.get(60, TimeUnit.SECONDS));
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }
}
