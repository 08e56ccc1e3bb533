package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.notify.ReminderKey;
import dev.cita.scheduling.notify.ReminderRecord;
import dev.cita.scheduling.notify.ReminderState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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

/** {@link JdbcReminderStore} on H2 and PostgreSQL: claims, races, settling only by the holder. */
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
  void ofEightThreadsClaimingOneReminderExactlyOneWins(Db db) throws Exception {
    JdbcReminderStore store = store(db);

    List<Optional<ReminderRecord>> results =
        race(8, i -> () -> store.claim(KEY, "worker-" + i, NOW, LEASE));

    List<ReminderRecord> won = results.stream().flatMap(Optional::stream).toList();
    assertThat(won).hasSize(1);
    assertThat(store.find(KEY))
        .hasValueSatisfying(
            r -> {
              assertThat(r.owner()).isEqualTo(won.get(0).owner());
              assertThat(r.claims()).isEqualTo(1);
            });
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void ofEightThreadsTakingOverAnExpiredClaimExactlyOneWins(Db db) throws Exception {
    JdbcReminderStore store = store(db);
    store.claim(KEY, "dead-worker", NOW, LEASE);
    Instant later = NOW.plus(LEASE);

    List<Optional<ReminderRecord>> results =
        race(8, i -> () -> store.claim(KEY, "worker-" + i, later, LEASE));

    assertThat(results.stream().flatMap(Optional::stream)).hasSize(1);
    assertThat(store.find(KEY).orElseThrow().claims()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aHeldClaimIsNotTakenBeforeItsLeaseEnds(Db db) {
    JdbcReminderStore store = store(db);
    ReminderRecord first = store.claim(KEY, "a", NOW, LEASE).orElseThrow();

    assertThat(first.state()).isEqualTo(ReminderState.CLAIMED);
    assertThat(first.owner()).contains("a");
    assertThat(first.leaseUntil()).contains(NOW.plus(LEASE));
    assertThat(store.claim(KEY, "b", NOW.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    assertThat(store.find(KEY).orElseThrow().owner()).contains("a");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void onlyTheHolderSettlesAndASentReminderIsNeverClaimedAgain(Db db) {
    JdbcReminderStore store = store(db);
    store.claim(KEY, "a", NOW, LEASE);

    assertThat(store.markSent(KEY, "b", "SM-1")).isFalse();
    assertThat(store.abandon(KEY, "b", "no")).isFalse();
    assertThat(store.markSent(KEY, "a", "SM-1")).isTrue();

    ReminderRecord sent = store.find(KEY).orElseThrow();
    assertThat(sent.state()).isEqualTo(ReminderState.SENT);
    assertThat(sent.owner()).isEmpty();
    assertThat(sent.leaseUntil()).isEmpty();
    assertThat(sent.channelMessageId()).contains("SM-1");
    assertThat(store.claim(KEY, "b", NOW.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    assertThat(store.markFailed(KEY, "a", "late")).isFalse();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aFailedSendReleasesTheClaimForTheNextRunAtOnce(Db db) {
    JdbcReminderStore store = store(db);
    store.claim(KEY, "a", NOW, LEASE);

    assertThat(store.markFailed(KEY, "a", "HTTP 503")).isTrue();
    ReminderRecord failed = store.find(KEY).orElseThrow();
    assertThat(failed.state()).isEqualTo(ReminderState.CLAIMED);
    assertThat(failed.owner()).isEmpty();
    assertThat(failed.failures()).isEqualTo(1);
    assertThat(failed.lastError()).contains("HTTP 503");

    ReminderRecord again = store.claim(KEY, "b", NOW, LEASE).orElseThrow();
    assertThat(again.owner()).contains("b");
    assertThat(again.claims()).isEqualTo(2);
    assertThat(again.failures()).isEqualTo(1);
    assertThat(again.lastError()).contains("HTTP 503");

    assertThat(store.abandon(KEY, "b", "too many failures")).isTrue();
    ReminderRecord abandoned = store.find(KEY).orElseThrow();
    assertThat(abandoned.state()).isEqualTo(ReminderState.ABANDONED);
    assertThat(abandoned.lastError()).contains("too many failures");
    assertThat(store.claim(KEY, "c", NOW.plus(Duration.ofDays(1)), LEASE)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void remindersAreScopedToTheTenant(Db db) {
    JdbcReminderStore store = store(db);
    ReminderKey sur = key(TenantId.of("clinica-sur"));
    store.claim(KEY, "a", NOW, LEASE);

    assertThat(store.find(sur)).isEmpty();
    assertThat(store.claim(sur, "b", NOW, LEASE)).isPresent();
    assertThat(store.find(KEY).orElseThrow().owner()).contains("a");
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
