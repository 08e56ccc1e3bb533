package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The upgrade path: a database that ran V1–V3 (with appointments and outbox rows, some sent, some
 * waiting) takes V4 to V6, keeps its rows, and every store works on the result, on both dialects.
 * V6 numbers the seats of existing time-holding rows and leaves a key that named several
 * appointments (possible before V6) with the earliest.
 */
class JdbcMigrationUpgradeTest {
  private static final TenantId TENANT = TenantId.of("norte");
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final List<String> BEFORE_TODAY = JdbcMigrations.VERSIONS.subList(0, 3);

  @Test
  void aDatabaseAtV3UpgradesOnH2() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:h2:mem:cita-upgrade-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    try (HikariDataSource ds = new HikariDataSource(config)) {
      upgradeKeepsRowsAndEveryStoreWorks(ds);
    }
  }

  @Test
  void aDatabaseAtV3UpgradesOnPostgres() throws Exception {
    HikariDataSource probe = TestDatabases.postgres(); // skips the test without a server
    TestDatabases.dropPostgres(probe);
    String schema = "cita_up_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(TestDatabases.postgresUrl());
        Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA " + schema);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabases.postgresUrl());
    config.setSchema(schema);
    HikariDataSource ds = new HikariDataSource(config);
    try {
      upgradeKeepsRowsAndEveryStoreWorks(ds);
    } finally {
      TestDatabases.dropPostgres(ds);
    }
  }

  private static void upgradeKeepsRowsAndEveryStoreWorks(HikariDataSource ds) throws SQLException {
    assertThat(JdbcMigrations.migrate(ds, BEFORE_TODAY)).isEqualTo(3);
    JdbcAppointmentStore store = JdbcAppointmentStore.create(ds);
    Appointment sent = appointment("a-sent", 0);
    Appointment waiting = appointment("a-waiting", 1);
    OutboxEntry sentEntry =
        OutboxEntry.pending(TENANT, sent.id(), "google", SyncAction.CREATE, 0, NOW);
    insertBeforeV6(ds, store, sent, List.of(sentEntry));
    insertBeforeV6(
        ds,
        store,
        waiting,
        List.of(OutboxEntry.pending(TENANT, waiting.id(), "google", SyncAction.CREATE, 0, NOW)));
    // Two rows of one slot sharing a key: what the idempotency double booking left behind.
    insertBeforeV6(
        ds, store, appointment("seat-b", 3).toBuilder().idempotencyKey("dup").build(), List.of());
    insertBeforeV6(
        ds, store, appointment("seat-a", 3).toBuilder().idempotencyKey("dup").build(), List.of());
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement("UPDATE cita_outbox SET status = 'DONE' WHERE id = ?")) {
      p.setString(1, sentEntry.id()); // pushed the V3 way
      assertThat(p.executeUpdate()).isEqualTo(1);
    }

    JdbcWebhookInbox inbox = new JdbcWebhookInbox(ds);
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "INSERT INTO cita_webhook_inbox (provider, delivery_key, recorded_at) VALUES ('twilio',"
              + " 'id:SM-old', TIMESTAMP WITH TIME ZONE '2026-03-01 00:00:00+00')");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }

    assertThat(JdbcMigrations.migrate(ds))
        .as("every later migration on top of V3")
        .isEqualTo(JdbcMigrations.VERSIONS.size() - 3);

    try (Connection c = ds.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT id, seat_no, idempotency_key FROM cita_appointment ORDER BY id")) {
      List<String> rows = new ArrayList<>();
      while (r.next()) {
        rows.add(r.getString(1) + " seat " + r.getObject(2) + " key " + r.getString(3));
      }
      assertThat(rows)
          .containsExactly(
              "a-sent seat 0 key null",
              "a-waiting seat 0 key null",
              "seat-a seat 0 key dup",
              "seat-b seat 1 key null");
    }

    // V7: the inbox is keyed by tenant; an old row is a delivery that names no tenant.
    assertThat(inbox.seen(WebhookInbox.Delivery.untenanted("twilio", "id:SM-old"))).isTrue();
    inbox.record(WebhookInbox.Delivery.of(TENANT, "calcom", "sha256:ab"), NOW);
    assertThat(inbox.seen(WebhookInbox.Delivery.of(TenantId.of("other"), "calcom", "sha256:ab")))
        .isFalse();

    assertThat(store.find(TENANT, sent.id())).isPresent();
    assertThat(store.outbox().entries(TENANT))
        .extracting(OutboxEntry::status)
        .containsExactlyInAnyOrder(OutboxStatus.DONE, OutboxStatus.PENDING);
    AppointmentId pendingOne =
        store.outbox().entries(TENANT).stream()
            .filter(e -> e.status() == OutboxStatus.PENDING)
            .findFirst()
            .orElseThrow()
            .appointmentId();
    assertThat(store.outbox().unfinished(TENANT, pendingOne, "google")).hasSize(1);
    assertThat(store.outbox().claimDue(NOW, 10, "w2", Duration.ofMinutes(1)))
        .as("the waiting entry is still claimed after the claim index changed")
        .extracting(OutboxEntry::appointmentId)
        .containsExactly(pendingOne);
    assertThat(
            store.findTimeHolding(TENANT, ResourceId.of("ana"), NOW, NOW.plus(Duration.ofDays(2))))
        .hasSize(4);

    JdbcConversationStateStore conversations = new JdbcConversationStateStore(ds);
    conversations.save(
        TENANT, "+56911112222", new byte[] {1, 2}, NOW, NOW.plus(Duration.ofDays(1)));
    assertThat(conversations.find(TENANT, "+56911112222", NOW)).isPresent();
    JdbcAuditLog audit = new JdbcAuditLog(ds);
    audit.record(
        new AuditEntry(
            NOW,
            Optional.of(TENANT),
            "google",
            AuditEntry.Direction.OUTBOUND,
            "events.insert",
            AuditEntry.Outcome.SUCCESS,
            200,
            Optional.empty(),
            Duration.ofMillis(80)));
    assertThat(JdbcMigrations.migrate(ds)).isZero();
  }

  /**
   * Writes a row as the store did before V6 (no seat columns), with its outbox entries as V3 had
   * them.
   */
  private static void insertBeforeV6(
      HikariDataSource ds, JdbcAppointmentStore store, Appointment a, List<OutboxEntry> outbox)
      throws SQLException {
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "INSERT INTO cita_appointment ("
                    + AppointmentRows.COLUMNS
                    + ") VALUES ("
                    + "?, ".repeat(24)
                    + "?)")) {
      AppointmentRows.bind(p, a);
      p.executeUpdate();
      for (OutboxEntry e : outbox) {
        try (PreparedStatement o =
            c.prepareStatement(
                "INSERT INTO cita_outbox (id, tenant_id, appointment_id, provider, action,"
                    + " sequence, status, attempts, claims, next_attempt_at, created_at) VALUES (?,"
                    + " ?, ?, ?, ?, ?, ?, 0, 0, ?, ?)")) {
          o.setString(1, e.id());
          o.setString(2, e.tenant().value());
          o.setString(3, e.appointmentId().value());
          o.setString(4, e.provider());
          o.setString(5, e.action().name());
          o.setLong(6, e.sequence());
          o.setString(7, e.status().name());
          Jdbc.setInstant(o, 8, e.nextAttemptAt());
          Jdbc.setInstant(o, 9, e.createdAt());
          o.executeUpdate();
        }
      }
    }
  }

  private static Appointment appointment(String id, int hour) {
    Instant start = NOW.plus(Duration.ofDays(1)).plus(Duration.ofHours(hour));
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(TENANT)
        .resource(ResourceId.of("ana"))
        .type(AppointmentTypeId.of("consulta"))
        .attendee(Attendee.builder("Paciente").build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .createdAt(NOW)
        .updatedAt(NOW)
        .build();
  }
}
