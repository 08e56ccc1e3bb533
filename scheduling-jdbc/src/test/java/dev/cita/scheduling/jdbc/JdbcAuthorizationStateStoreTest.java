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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link JdbcAuthorizationStateStore} on H2 and PostgreSQL, beyond the testkit's {@code
 * AuthorizationStateStoreContract} (single use, even under a race): expired entries are dropped,
 * and the column limits.
 */
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
