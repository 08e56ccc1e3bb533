package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.jdbc.JdbcReminderStoreTest.Db;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditEntry.Direction;
import dev.cita.scheduling.spi.AuditEntry.Outcome;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What the contracts do not cover for {@link JdbcConversationStateStore} and {@link JdbcAuditLog}:
 * column limits, failures that must not repeat a customer's phone, rows that survive a restart of
 * the pool, the batched retention purge, and stored rows that no longer decode.
 */
class JdbcConversationAndAuditTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final String MARIA = "+56912345678";
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final Instant IN_A_DAY = T0.plus(Duration.ofDays(1));
  private static final String LONG_TENANT = "t".repeat(TenantId.MAX_LENGTH + 1);

  private HikariDataSource dataSource;

  @AfterEach
  void closePool() {
    if (dataSource != null && dataSource.getSchema() != null) {
      TestDatabases.dropPostgres(dataSource);
    } else if (dataSource != null) {
      dataSource.close();
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static AuditEntry entry(TenantId tenant, Instant at, String operation) {
    return new AuditEntry(
        at,
        Optional.ofNullable(tenant),
        "calcom",
        Direction.OUTBOUND,
        operation,
        Outcome.SUCCESS,
        201,
        Optional.empty(),
        Duration.ofMillis(87));
  }

  private long rows(String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  private void execute(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  /** A second pool on the same database, as after an application restart. */
  private static HikariDataSource reopen(HikariDataSource old) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(old.getJdbcUrl());
    config.setSchema(old.getSchema());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aTenantIdLongerThanItsColumnIsRefusedNamingItAndNothingIsWritten(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcConversationStateStore conversations = new JdbcConversationStateStore(dataSource);
    JdbcAuditLog audit = new JdbcAuditLog(dataSource);

    // The core refuses such an id before any store sees it (its limit is the column's).
    refused(
        () -> conversations.save(TenantId.of(LONG_TENANT), MARIA, bytes("x"), T0, IN_A_DAY),
        "tenantId");
    refused(
        () -> conversations.replace(TenantId.of(LONG_TENANT), MARIA, 0, bytes("x"), T0, IN_A_DAY),
        "tenantId");
    refused(() -> audit.record(entry(TenantId.of(LONG_TENANT), T0, "bookings.create")), "tenantId");

    assertThat(rows("cita_conversation_state")).isZero();
    assertThat(rows("cita_audit_log")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aForeignTenantChangesNoRowOfAnotherTenant(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcConversationStateStore conversations = new JdbcConversationStateStore(dataSource);
    conversations.save(NORTE, MARIA, bytes("norte"), T0, IN_A_DAY);

    assertThat(conversations.replace(SUR, MARIA, 1, bytes("sur"), T0, IN_A_DAY)).isEmpty();
    assertThat(conversations.delete(SUR, MARIA)).isFalse();
    assertThat(new JdbcAuditLog(dataSource).recent(SUR, 10)).isEmpty();

    assertThat(rows("cita_conversation_state")).isEqualTo(1);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT tenant_id, version FROM cita_conversation_state")) {
      assertThat(r.next()).isTrue();
      assertThat(r.getString(1)).isEqualTo("clinica-norte");
      assertThat(r.getLong(2)).isEqualTo(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aDatabaseFailureNamesTheSqlStateButNeverTheCustomersPhone(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcConversationStateStore conversations = new JdbcConversationStateStore(dataSource);
    // PostgreSQL's message for this failure would be "Failing row contains (clinica-norte,
    // +56912345678, …)".
    execute(
        "ALTER TABLE cita_conversation_state ADD CONSTRAINT cita_test_refuse CHECK (version < 0)");

    assertThatThrownBy(() -> conversations.save(NORTE, MARIA, bytes("x"), T0, IN_A_DAY))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("saving a conversation state")
        .hasMessageMatching(
            ".*SQLSTATE 2351[34].*") // check violation: 23514 on PostgreSQL, 23513 on H2
        .satisfies(
            e -> {
              for (Throwable t = e; t != null; t = t.getCause()) {
                assertThat(String.valueOf(t.getMessage()))
                    .doesNotContain("912345678")
                    .doesNotContain("56912");
              }
            })
        .hasRootCauseInstanceOf(SQLException.class);
    assertThat(rows("cita_conversation_state")).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void conversationsAndAuditEntriesSurviveClosingAndReopeningThePool(Db db) throws SQLException {
    dataSource = db.open.get();
    new JdbcConversationStateStore(dataSource)
        .save(NORTE, MARIA, bytes("awaiting-confirmation"), T0, IN_A_DAY);
    new JdbcAuditLog(dataSource).record(entry(NORTE, T0, "bookings.create"));
    HikariDataSource old = dataSource;
    old.close();

    dataSource = reopen(old);

    assertThat(JdbcMigrations.migrate(dataSource)).as("nothing left to migrate").isZero();
    assertThat(new JdbcConversationStateStore(dataSource).find(NORTE, MARIA, T0.plusSeconds(1)))
        .hasValueSatisfying(
            r -> {
              assertThat(r.state()).isEqualTo(bytes("awaiting-confirmation"));
              assertThat(r.version()).isEqualTo(1);
            });
    assertThat(new JdbcAuditLog(dataSource).recent(NORTE, 10))
        .containsExactly(entry(NORTE, T0, "bookings.create"));
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void theRetentionPurgeDeletesInBatchesEveryTenantsEntriesBeforeTheCutoffOnly(Db db)
      throws SQLException {
    dataSource = db.open.get();
    JdbcAuditLog audit = new JdbcAuditLog(dataSource, 3);
    for (int i = 0; i < 8; i++) {
      audit.record(entry(i % 2 == 0 ? NORTE : SUR, T0.plusSeconds(i), "old-" + i));
    }
    audit.record(entry(null, T0.plusSeconds(8), "old-unsigned"));
    audit.record(entry(NORTE, T0.plusSeconds(9), "kept-at-cutoff"));
    audit.record(entry(SUR, T0.plusSeconds(10), "kept-after"));

    int purged = audit.purgeBefore(T0.plusSeconds(9));

    assertThat(purged).isEqualTo(9);
    assertThat(rows("cita_audit_log")).isEqualTo(2);
    assertThat(audit.recent(NORTE, 10))
        .extracting(AuditEntry::operation)
        .containsExactly("kept-at-cutoff");
    assertThat(audit.recent(SUR, 10))
        .extracting(AuditEntry::operation)
        .containsExactly("kept-after");
    assertThat(audit.purgeBefore(T0.plusSeconds(9))).isZero();
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aStoredAuditRowWithAnUnknownOutcomeIsATypedErrorNamingTheRow(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcAuditLog audit = new JdbcAuditLog(dataSource);
    audit.record(entry(NORTE, T0, "bookings.create"));
    execute("UPDATE cita_audit_log SET outcome = 'EXPLODED'");

    assertThatThrownBy(() -> audit.recent(NORTE, 10))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("cita_audit_log")
        .hasMessageContaining("EXPLODED");
  }
}
