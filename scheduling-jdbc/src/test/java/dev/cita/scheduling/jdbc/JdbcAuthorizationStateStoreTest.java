package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.jdbc.JdbcReminderStoreTest.Db;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.PendingAuthorization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link JdbcAuthorizationStateStore} on H2 and PostgreSQL: single use, even under a race. */
class JdbcAuthorizationStateStoreTest {
  private static final Instant NOW = Instant.parse("2026-03-03T13:00:00Z");
  private static final PendingAuthorization PENDING =
      new PendingAuthorization(
          TenantId.of("clinica-norte"), "google", "verifier-abc123", NOW.plusSeconds(600));

  private HikariDataSource dataSource;

  private JdbcAuthorizationStateStore store(Db db, Instant now) {
    dataSource = db.open.get();
    return new JdbcAuthorizationStateStore(dataSource, Clock.fixed(now, ZoneOffset.UTC));
  }

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void consumeReturnsThePendingAuthorizationOnce(Db db) {
    JdbcAuthorizationStateStore store = store(db, NOW);
    store.put("state-1", PENDING);

    assertThat(store.consume("state-1")).contains(PENDING);
    assertThat(store.consume("state-1")).isEmpty();
    assertThat(store.consume("unknown")).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void ofEightRacingConsumesExactlyOneGetsIt(Db db) throws Exception {
    JdbcAuthorizationStateStore store = store(db, NOW);
    store.put("state-1", PENDING);

    List<Optional<PendingAuthorization>> results =
        JdbcReminderStoreTest.race(8, i -> () -> store.consume("state-1"));

    assertThat(results.stream().flatMap(Optional::stream)).containsExactly(PENDING);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void putDropsExpiredEntries(Db db) {
    JdbcAuthorizationStateStore store = store(db, NOW.plusSeconds(601));
    store.put("old", PENDING);
    PendingAuthorization fresh =
        new PendingAuthorization(TenantId.of("clinica-sur"), "calcom", "v2", NOW.plusSeconds(1200));

    store.put("new", fresh);

    assertThat(store.consume("old")).isEmpty();
    assertThat(store.consume("new")).contains(fresh);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void anOversizedStateIsRefusedNamingTheFieldAndWritesNothing(Db db) {
    JdbcAuthorizationStateStore store = store(db, NOW);
    String state = "s".repeat(201);

    assertThatThrownBy(() -> store.put(state, PENDING))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("state"));
    assertThat(store.consume(state)).isEmpty();
  }
}
