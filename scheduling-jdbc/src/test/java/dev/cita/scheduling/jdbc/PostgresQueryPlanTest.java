package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statements the stores run on every booking, webhook, worker poll and API log read, planned by
 * PostgreSQL at production-like volume: 100,000 appointments of 5,000 resources in 500 tenants plus
 * one resource with 11,000 (three years of history), 50,000 external references, 100,000 outbox
 * entries (2% pending, 0.1% dead), 50,000 reminders, inbox deliveries and idempotency keys, 100,000
 * audit entries, 20,000 conversations, 20,000 connection statuses (1% being revoked, 1% needing
 * re-authorization), 50,000 inbound contacts, delivery statuses and send attempts (messaging
 * state), shared busy time of 5,000 resources in two sources (400,000 events) and 5,000 leases, and
 * calendar-adapter state (20,000 push channels and calendar assignments, a tenth of them Google's
 * and the rest another provider's, and 50,000 mapping lines of 10,000 branches, a tenth of them
 * Cal.com's), and participant rows for every twentieth appointment (collective), then ANALYZE
 * (seeding stays well under a minute on a small machine). Each statement is the store's own SQL
 * text with realistic parameters bound, and its plan must reach its rows through the named index,
 * with no sequential scan of any Cita table. Skipped without PostgreSQL (see {@link
 * TestDatabases}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PostgresQueryPlanTest {
  private static final Instant DAY0 = Instant.parse("2026-01-05T12:00:00Z");

  private HikariDataSource dataSource;

  @BeforeAll
  void seedAndAnalyze() throws SQLException {
    dataSource = TestDatabases.postgres();
    long started = System.nanoTime();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      // Resource r belongs to tenant r % 500 and has one 30-minute appointment a day for 40 days;
      // every tenth is cancelled (holds no time). Customer k (phone and e-mail) has 5 of them.
      s.execute(
          "INSERT INTO cita_appointment ("
              + AppointmentRows.COLUMNS
              + ", seat_no, seats) SELECT 't' || lpad((n % 5000 % 500)::text, 3, '0'), 'a' || n,"
              + " 'r' || lpad((n % 5000)::text, 4, '0'), 'consult', 'Customer ' || n, 'C' || (n %"
              + " 20000) || '@Example.cl', '+569' || lpad((n % 20000)::text, 8, '0'),"
              + " 'es', NULL, start_at, start_at + interval '30 minutes', 0, 0, 'America/Santiago',"
              + " CASE WHEN n % 10 = 0 THEN 'CANCELLED' ELSE 'SCHEDULED' END, n % 10 <> 0,"
              + " 'consult|' || extract(epoch FROM start_at)::bigint, NULL, NULL, CASE WHEN n % 2 ="
              + " 0 THEN '{\"google\":\"evt' || n || '\"}' ELSE '{}' END, 'key-' || n, NULL, 1,"
              + " start_at, start_at, CASE WHEN n % 10 <> 0 THEN 0 END, 1 FROM (SELECT n,"
              + " timestamptz '2026-01-05 12:00:00+00' + (n / 5000) * interval '1 day' + (n % 7) *"
              + " interval '30 minutes' AS start_at FROM generate_series(0, 99999) n) g");
      // One resource with three years of history, ten a day: the conflict check must not read it
      // all.
      s.execute(
          "INSERT INTO cita_appointment ("
              + AppointmentRows.COLUMNS
              + ", seat_no, seats) SELECT 't001', 'busy' || n, 'r-busy', 'consult', 'Customer ' ||"
              + " n, NULL, NULL, 'es', NULL, start_at, start_at + interval '30 minutes', 0, 0,"
              + " 'America/Santiago', 'SCHEDULED', true, 'consult|' || extract(epoch FROM"
              + " start_at)::bigint, NULL, NULL, '{}', NULL, NULL, 1, start_at, start_at, 0, 1 FROM"
              + " (SELECT n, timestamptz '2023-01-02 12:00:00+00' + (n / 10) * interval '1 day' +"
              + " (n % 10) * interval '45 minutes' AS start_at FROM generate_series(0, 10999) n)"
              + " g");
      // Every twentieth appointment is collective: it also holds the next resource's time (V18).
      s.execute(
          "INSERT INTO cita_appointment_participant (tenant_id, appointment_id, resource_id,"
              + " start_at, end_at, holds_time) SELECT tenant_id, id, 'r' || lpad(((substr(id,"
              + " 2)::int + 1) % 5000)::text, 4, '0'), start_at, end_at, holds_time FROM"
              + " cita_appointment WHERE id LIKE 'a%' AND substr(id, 2)::int % 20 = 3");
      s.execute(
          "INSERT INTO cita_appointment_ref (tenant_id, provider, external_id, appointment_id)"
              + " SELECT 't' || lpad((n % 5000 % 500)::text, 3, '0'), 'google', 'evt' || n, 'a' ||"
              + " n FROM generate_series(0, 99999, 2) n");
      // Outbox: 2% still pending (due over the last 100,000 seconds), the rest sent long ago.
      s.execute(
          "INSERT INTO cita_outbox (id, tenant_id, appointment_id, provider, action, sequence,"
              + " status, attempts, claims, next_attempt_at, created_at) SELECT 'o' || n, 't' ||"
              + " lpad((n % 5000 % 500)::text, 3, '0'), 'a' || n, 'google', 'CREATE', 1, CASE WHEN"
              + " n % 50 = 0 THEN 'PENDING' WHEN n % 1000 = 1 THEN 'DEAD' ELSE 'DONE' END, 0, 1,"
              + " timestamptz '2026-01-05 12:00:00+00' + n * interval '1 second', timestamptz"
              + " '2026-01-05 12:00:00+00' + n * interval '1 second' FROM generate_series(0, 99999)"
              + " n");
      s.execute(
          "INSERT INTO cita_reminder (tenant_id, reminder_id, state, claim_owner, lease_until,"
              + " claims, failures, channel_message_id) SELECT 't' || lpad((n % 500)::text, 3,"
              + " '0'), 'a' || n || '|P1D|CUSTOMER|whatsapp', CASE WHEN n % 20 = 0 THEN 'CLAIMED'"
              + " ELSE 'SENT' END, NULL, NULL, 1, 0, CASE WHEN n % 20 = 0 THEN NULL ELSE 'SM' || n"
              + " END FROM generate_series(0, 49999) n");
      s.execute(
          "INSERT INTO cita_webhook_inbox (provider, delivery_key, recorded_at) SELECT CASE n % 3"
              + " WHEN 0 THEN 'calcom' WHEN 1 THEN 'calendly' ELSE 'twilio' END, 'id:d-' || n,"
              + " timestamptz '2026-01-05 12:00:00+00' + n * interval '10 seconds' FROM"
              + " generate_series(0, 49999) n");
      s.execute(
          "INSERT INTO cita_idempotency_key (tenant_id, idempotency_key, request_fingerprint,"
              + " appointment_id, created_at) SELECT 't' || lpad((n % 500)::text, 3, '0'),"
              + " 'whatsapp-SM' || n, md5(n::text), 'a' || n, timestamptz '2026-01-05 12:00:00+00'"
              + " + n * interval '10 seconds' FROM generate_series(0, 49999) n");
      s.execute(
          "INSERT INTO cita_audit_log (tenant_id, occurred_at, provider, direction, operation,"
              + " outcome, http_status, error_code, latency_nanos) SELECT 't' || lpad((n %"
              + " 500)::text, 3, '0'), timestamptz '2026-01-05 12:00:00+00' + n * interval '5"
              + " seconds', 'calcom', 'OUTBOUND', 'bookings.create', 'SUCCESS', 201, NULL, 50000000"
              + " FROM generate_series(0, 99999) n");
      s.execute(
          "INSERT INTO cita_conversation_state (tenant_id, customer_key, state, version,"
              + " updated_at, expires_at) SELECT 't' || lpad((n % 500)::text, 3, '0'), '+569' ||"
              + " lpad(n::text, 8, '0'), '\\x7b7d'::bytea, 1, timestamptz '2026-01-05 12:00:00+00'"
              + " + n * interval '30 seconds', timestamptz '2026-02-04 12:00:00+00' + n * interval"
              + " '30 seconds' FROM generate_series(0, 19999) n");
      s.execute(
          "INSERT INTO cita_push_channel (provider, channel_id, provider_resource_id,"
              + " verification_token, expires_at, tenant_id, resource_id, account, calendar_id)"
              + " SELECT CASE WHEN n % 10 = 0 THEN 'google' ELSE 'microsoft' END, 'ch-' || n,"
              + " 'res-' || n, md5(n::text), timestamptz '2026-01-05 12:00:00+00' + n * interval"
              + " '30 seconds', 't' || lpad((n % 500)::text, 3, '0'), 'r' || lpad(n::text, 5,"
              + " '0'), 'agenda@t' || (n % 500) || '.cl', 'primary' FROM generate_series(0, 19999)"
              + " n");
      s.execute(
          "INSERT INTO cita_staff_member (tenant_id, staff_id, role, body) SELECT 't' ||"
              + " lpad((n % 500)::text, 3, '0'), 's' || lpad(n::text, 5, '0'), 'AGENT', '{}'"
              + " FROM generate_series(0, 19999) n");
      s.execute(
          "INSERT INTO cita_closure (tenant_id, closure_id, body) SELECT 't' ||"
              + " lpad((n % 500)::text, 3, '0'), 'c' || lpad(n::text, 5, '0'), '{}'"
              + " FROM generate_series(0, 19999) n");
      s.execute(
          "INSERT INTO cita_calendar_assignment (tenant_id, resource_id, provider, account,"
              + " calendar_id) SELECT 't' || lpad((n % 500)::text, 3, '0'), 'r' || lpad(n::text,"
              + " 5, '0'), CASE WHEN n % 10 = 0 THEN 'google' ELSE 'microsoft' END, 'agenda' || (n"
              + " % 7) || '@t' || (n % 500) || '.cl', 'primary' FROM generate_series(0, 19999) n");
      s.execute(
          "INSERT INTO cita_provider_mapping (tenant_id, provider, kind, external_id,"
              + " resource_id, appointment_type_id, attributes) SELECT 'b' || lpad((n /"
              + " 5)::text, 5, '0'), CASE WHEN n / 5 % 10 = 0 THEN 'calcom' ELSE 'calendly' END,"
              + " CASE WHEN n % 5 = 0 THEN 'account' ELSE 'eventType' END, 'ext-' || n, 'r' || (n"
              + " % 5), 'consult', '{}' FROM generate_series(0, 49999) n");
      s.execute(
          "INSERT INTO cita_connection_status (tenant_id, provider, account, status, changed_at,"
              + " reason, revocation_attempts, revocation_due_at) SELECT 't' || lpad((n %"
              + " 500)::text, 3, '0'), CASE n % 2 WHEN 0 THEN 'calendly' ELSE 'calcom' END, 'u' ||"
              + " n, CASE WHEN n % 100 = 0 THEN 'REVOKING' WHEN n % 100 = 50 THEN"
              + " 'NEEDS_REAUTHORIZATION' ELSE 'CONNECTED' END, timestamptz"
              + " '2026-01-05 12:00:00+00', 'connected', CASE WHEN n % 100 = 0 THEN 1 ELSE 0 END,"
              + " CASE WHEN n % 100 = 0 THEN timestamptz '2026-01-05 12:00:00+00' + n * interval"
              + " '1 second' END FROM generate_series(0, 19999) n");
      s.execute(
          "INSERT INTO cita_last_inbound (scope, contact, last_inbound_at) SELECT 't' ||"
              + " lpad((n % 500)::text, 3, '0'), '+569' || lpad(n::text, 8, '0'), timestamptz"
              + " '2026-01-05 12:00:00+00' + n * interval '10 seconds' FROM generate_series(0,"
              + " 49999) n");
      s.execute(
          "INSERT INTO cita_delivery_status (message_id, status, error_code, updated_at, version)"
              + " SELECT 'SM' || n, 'delivered', NULL, timestamptz '2026-01-05 12:00:00+00' + n *"
              + " interval '10 seconds', 3 FROM generate_series(0, 49999) n");
      s.execute(
          "INSERT INTO cita_send_attempt (idempotency_key, started_at, message_id, free_form)"
              + " SELECT 'reminder-' || n, timestamptz '2026-01-05 12:00:00+00' + n * interval '10"
              + " seconds', 'SM' || n, CASE WHEN n % 2 = 0 THEN '{}' END FROM generate_series(0,"
              + " 49999) n");
      // Busy time: 5,000 resources of 500 tenants in two sources, 40 events each; 5,000 leases.
      s.execute(
          "INSERT INTO cita_busy_calendar (source, tenant_id, resource_id, scope, version,"
              + " refreshed_at, unavailable, known_spans) SELECT src, 't' || lpad((n % 500)::text,"
              + " 3, '0'), 'r' || lpad(n::text, 4, '0'), '', 1, timestamptz '2026-01-05"
              + " 12:00:00+00', NULL, '' FROM generate_series(0, 4999) n, (VALUES ('google'),"
              + " ('calcom')) v(src)");
      s.execute(
          "INSERT INTO cita_busy_event (source, tenant_id, resource_id, scope, event_id, start_at,"
              + " end_at) SELECT src, 't' || lpad((n % 500)::text, 3, '0'), 'r' || lpad(n::text, 4,"
              + " '0'), '',"
              + " 'evt' || n || '-' || k, timestamptz '2026-01-05 12:00:00+00' + k * interval '1"
              + " day', timestamptz '2026-01-05 13:00:00+00' + k * interval '1 day' FROM"
              + " generate_series(0, 4999) n, generate_series(0, 39) k, (VALUES ('google'),"
              + " ('calcom')) v(src)");
      s.execute(
          "INSERT INTO cita_lease (name, owner, lease_until) SELECT 'busy-refresh/google/busy/t'"
              + " || n, 'node-' || (n % 3), timestamptz '2026-01-05 12:10:00+00' FROM"
              + " generate_series(0, 4999) n");
      s.execute("ANALYZE");
    }
    System.out.printf(
        "PostgresQueryPlanTest: seeded and analyzed in %d ms%n",
        (System.nanoTime() - started) / 1_000_000);
  }

  @AfterAll
  void dropSchema() {
    TestDatabases.dropPostgres(dataSource);
  }

  private static Instant day(int day) {
    return DAY0.plusSeconds(day * 86_400L);
  }

  private static final TenantId T207 = TenantId.of("t207");

  /** What "mis citas" asks: the customer's appointments from day 3 that still hold time. */
  private static AttendeeQuery mine(AttendeeQuery.Builder query) {
    return query
        .startingFrom(day(3))
        .statuses(
            AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED, AppointmentStatus.RESCHEDULED)
        .build();
  }

  static Stream<Arguments> hotStatements() {
    return Stream.of(
        Arguments.of(
            "time-holding appointments of a resource in a range (conflict check, busy time)",
            JdbcAppointmentStore.timeHoldingSql(Dialect.POSTGRESQL),
            new Object[] {
              "t007", "r0007", day(10), day(12), "", "t007", "r0007", day(10), day(12), ""
            },
            "cita_appointment_no_overlap"),
        Arguments.of(
            "the same for a resource with three years of history",
            JdbcAppointmentStore.timeHoldingSql(Dialect.POSTGRESQL),
            new Object[] {
              "t001", "r-busy", day(10), day(11), "", "t001", "r-busy", day(10), day(11), ""
            },
            "cita_appointment_no_overlap"),
        Arguments.of(
            "taken seats of one slot (a booking into a slot that has rows)",
            JdbcAppointmentStore.TAKEN_SEATS_SQL,
            new Object[] {"t001", "r-busy", "consult|1767616200", ""},
            "cita_appointment_seat_no"),
        Arguments.of(
            "the appointment holding an idempotency key (after a unique violation)",
            JdbcAppointmentStore.KEY_HOLDER_SQL,
            new Object[] {"t007", "key-7"},
            "cita_appointment_idempotency_key"),
        Arguments.of(
            "appointment by external reference (every provider webhook)",
            JdbcAppointmentStore.FIND_BY_EXTERNAL_REF_SQL,
            new Object[] {"t042", "google", "evt54042"},
            "cita_appointment_ref_pkey"),
        Arguments.of(
            "a tenant's appointments starting in a range (reminder scheduler)",
            JdbcAppointmentStore.STARTING_BETWEEN_SQL,
            new Object[] {"t007", day(3), day(4)},
            "cita_appointment_tenant_start"),
        Arguments.of(
            "a customer's coming appointments by phone (\"mis citas\")",
            JdbcAppointmentStore.byAttendee(mine(AttendeeQuery.byPhone(T207, "+56900004207")))
                .sql(),
            JdbcAppointmentStore.byAttendee(mine(AttendeeQuery.byPhone(T207, "+56900004207")))
                .args()
                .toArray(),
            "cita_appointment_attendee_phone"),
        Arguments.of(
            "a customer's coming appointments by e-mail, without case",
            JdbcAppointmentStore.byAttendee(mine(AttendeeQuery.byEmail(T207, "c4207@example.CL")))
                .sql(),
            JdbcAppointmentStore.byAttendee(mine(AttendeeQuery.byEmail(T207, "c4207@example.CL")))
                .args()
                .toArray(),
            "cita_appointment_attendee_email"),
        Arguments.of(
            "outbox claim, FOR UPDATE SKIP LOCKED",
            JdbcOutboxStore.CLAIM_SQL,
            new Object[] {DAY0.plusSeconds(100_000), DAY0.plusSeconds(100_000), 50},
            "cita_outbox_pending"),
        Arguments.of(
            "outbox claim of some providers, FOR UPDATE SKIP LOCKED",
            JdbcOutboxStore.claimSql(2),
            new Object[] {
              DAY0.plusSeconds(100_000), DAY0.plusSeconds(100_000), "google", "outlook", 50
            },
            "cita_outbox_pending"),
        Arguments.of(
            "outbox backlog, pending (metrics and health polls)",
            JdbcOutboxStore.PENDING_BACKLOG_SQL,
            new Object[] {},
            "cita_outbox_pending"),
        Arguments.of(
            "outbox backlog, dead letters (metrics and health polls)",
            JdbcOutboxStore.DEAD_BACKLOG_SQL,
            new Object[] {},
            "cita_outbox_dead"),
        Arguments.of(
            "connections needing re-authorization per provider (metrics and health polls)",
            JdbcConnectionStatusStore.COUNT_BY_PROVIDER_SQL,
            new Object[] {"NEEDS_REAUTHORIZATION"},
            "cita_connection_status_by_status"),
        Arguments.of(
            "one provider's connections needing re-authorization (health, on request)",
            JdbcConnectionStatusStore.WITH_STATUS_SQL,
            new Object[] {"NEEDS_REAUTHORIZATION", "calendly", 100},
            "cita_connection_status_by_status"),
        Arguments.of(
            "outbox settle",
            JdbcOutboxStore.COMPLETE_SQL,
            new Object[] {"o50", "node-1"},
            "cita_outbox_pkey"),
        Arguments.of(
            "unpushed changes of one appointment (webhook echo guard)",
            JdbcOutboxStore.UNFINISHED_SQL,
            new Object[] {"t050", "a50", "google"},
            "cita_outbox_stream"),
        Arguments.of(
            "reminder claim take-over",
            JdbcReminderStore.TAKE_OVER_SQL,
            new Object[] {"node-1", day(1), "t020", "a20|P1D|CUSTOMER|whatsapp", day(0)},
            "cita_reminder_pkey"),
        Arguments.of(
            "webhook inbox: seen?",
            JdbcWebhookInbox.SEEN_SQL,
            new Object[] {"", "calcom", "id:d-300"},
            "cita_webhook_inbox_pkey"),
        Arguments.of(
            "webhook inbox purge (an hour's worth)",
            JdbcWebhookInbox.PURGE_SQL,
            new Object[] {DAY0.plusSeconds(3_600)},
            "cita_webhook_inbox_recorded_at"),
        Arguments.of(
            "idempotency key lookup",
            JdbcIdempotencyStore.FIND_SQL,
            new Object[] {"t300", "whatsapp-SM300"},
            "cita_idempotency_key_pkey"),
        Arguments.of(
            "audit log: a tenant's recent entries",
            JdbcAuditLog.RECENT_SQL,
            new Object[] {"t007", 50},
            "cita_audit_log_tenant_recent"),
        Arguments.of(
            "audit log retention purge (one batch)",
            JdbcAuditLog.purgeSql(Dialect.POSTGRESQL, JdbcAuditLog.PURGE_BATCH),
            new Object[] {DAY0.plusSeconds(3_600)},
            "cita_audit_log_occurred_at"),
        Arguments.of(
            "conversation state lookup",
            JdbcConversationStateStore.FIND_SQL,
            new Object[] {"t017", "+56900000017", DAY0},
            "cita_conversation_state_pkey"),
        Arguments.of(
            "due revocations of disconnected connections (revocation retries)",
            JdbcConnectionStatusStore.DUE_SQL,
            new Object[] {DAY0.plusSeconds(3_600), 100},
            "cita_connection_status_revocation_due"),
        Arguments.of(
            "expired conversations purge",
            JdbcConversationStateStore.PURGE_SQL,
            new Object[] {Instant.parse("2026-02-04T13:00:00Z")},
            "cita_conversation_state_expires_at"),
        Arguments.of(
            "push channel by id (every Google notification)",
            JdbcPushChannelStore.FIND_SQL,
            new Object[] {"google", "ch-4210"},
            "cita_push_channel_pkey"),
        Arguments.of(
            "a provider's push channels (renewal round)",
            JdbcPushChannelStore.LIST_SQL,
            new Object[] {"google"},
            "cita_push_channel_pkey"),
        Arguments.of(
            "a tenant's staff (every appointment notice)",
            JdbcStaffStore.LIST_SQL,
            new Object[] {"t210"},
            "cita_staff_member_pkey"),
        Arguments.of(
            "one staff member",
            JdbcStaffStore.FIND_SQL,
            new Object[] {"t210", "s04210"},
            "cita_staff_member_pkey"),
        Arguments.of(
            "a tenant's closures (every slot query and booking)",
            JdbcClosureStore.LIST_SQL,
            new Object[] {"t210"},
            "cita_closure_pkey"),
        Arguments.of(
            "one closure removed",
            JdbcClosureStore.DELETE_SQL,
            new Object[] {"t210", "c04210"},
            "cita_closure_pkey"),
        Arguments.of(
            "a resource's calendar (every push and busy read)",
            JdbcCalendarAssignmentStore.FIND_SQL,
            new Object[] {"t210", "r04210", "google"},
            "cita_calendar_assignment_pkey"),
        Arguments.of(
            "a connection's calendars (disconnect)",
            JdbcCalendarAssignmentStore.BY_CONNECTION_SQL,
            new Object[] {"t210", "google", "agenda3@t210.cl"},
            "cita_calendar_assignment_connection"),
        Arguments.of(
            "a provider's calendars (sync round)",
            JdbcCalendarAssignmentStore.BY_PROVIDER_SQL,
            new Object[] {"google"},
            "cita_calendar_assignment_pkey"),
        Arguments.of(
            "a branch's mapping (every Cal.com or Calendly push and webhook)",
            JdbcProviderMappingStore.LIST_SQL,
            new Object[] {"b04210", "calcom"},
            "cita_provider_mapping_pkey"),
        Arguments.of(
            "the branches mapped at a provider (busy refresher)",
            JdbcProviderMappingStore.TENANTS_SQL,
            new Object[] {"calcom"},
            "cita_provider_mapping_pkey"),
        Arguments.of(
            "branches mapping one external id",
            JdbcProviderMappingStore.BY_EXTERNAL_ID_SQL,
            new Object[] {"calcom", "account", "ext-42100"},
            "cita_provider_mapping_external"),
        Arguments.of(
            "customer window: last inbound message",
            JdbcLastInboundStore.FIND_SQL,
            new Object[] {"t017", "+56900000017"},
            "cita_last_inbound_pkey"),
        Arguments.of(
            "customer window: a newer inbound message",
            JdbcLastInboundStore.RAISE_SQL,
            new Object[] {day(10), "t017", "+56900000017", day(10)},
            "cita_last_inbound_pkey"),
        Arguments.of(
            "customer window: closed (error 63016)",
            JdbcLastInboundStore.CLOSE_SQL,
            new Object[] {"t017", "+56900000017", day(10)},
            "cita_last_inbound_pkey"),
        Arguments.of(
            "customer window purge (an hour's worth)",
            JdbcLastInboundStore.PURGE_SQL,
            new Object[] {DAY0.plusSeconds(3_600)},
            "cita_last_inbound_at"),
        Arguments.of(
            "delivery status lookup",
            JdbcDeliveryStatusStore.FIND_SQL,
            new Object[] {"SM300"},
            "cita_delivery_status_pkey"),
        Arguments.of(
            "delivery status compare-and-set",
            JdbcDeliveryStatusStore.UPDATE_SQL,
            new Object[] {"read", "", DAY0, "SM300", 3},
            "cita_delivery_status_pkey"),
        Arguments.of(
            "delivery status purge (an hour's worth)",
            JdbcDeliveryStatusStore.PURGE_SQL,
            new Object[] {DAY0.plusSeconds(3_600)},
            "cita_delivery_status_updated_at"),
        Arguments.of(
            "send attempt lookup",
            JdbcSendAttemptStore.FIND_SQL,
            new Object[] {"reminder-300"},
            "cita_send_attempt_pkey"),
        Arguments.of(
            "send attempt accepted",
            JdbcSendAttemptStore.ACCEPT_SQL,
            new Object[] {DAY0, "SM300", "{}", "reminder-300"},
            "cita_send_attempt_pkey"),
        Arguments.of(
            "send attempt released",
            JdbcSendAttemptStore.RELEASE_SQL,
            new Object[] {"reminder-300"},
            "cita_send_attempt_pkey"),
        Arguments.of(
            "free-text message by message id (error 63016 callback)",
            JdbcSendAttemptStore.FREE_FORM_SQL,
            new Object[] {"SM300"},
            "cita_send_attempt_message_id"),
        Arguments.of(
            "send attempt purge (an hour's worth)",
            JdbcSendAttemptStore.PURGE_SQL,
            new Object[] {DAY0.plusSeconds(3_600)},
            "cita_send_attempt_started_at"),
        Arguments.of(
            "shared busy time: one resource's snapshot (a node's copy is stale)",
            JdbcBusyTimeStore.LOAD_SQL,
            new Object[] {"google", "t007", "r0007", ""},
            "cita_busy_event_pkey"),
        Arguments.of(
            "shared busy time: compare-and-set of a header",
            JdbcBusyTimeStore.UPDATE_SQL,
            new Object[] {DAY0, "", "", "google", "t007", "r0007", "", 1L},
            "cita_busy_calendar_pkey"),
        Arguments.of(
            "shared busy time: the events a write compares with",
            JdbcBusyTimeStore.EVENTS_SQL,
            new Object[] {"google", "t007", "r0007", ""},
            "cita_busy_event_pkey"),
        Arguments.of(
            "shared busy time: pruning ended events of a source",
            JdbcBusyTimeStore.PRUNE_SQL,
            new Object[] {"google", DAY0},
            "cita_busy_event_source_end"),
        Arguments.of(
            "busy refresh lease: renew or take over",
            JdbcLeaseStore.TAKE_SQL,
            new Object[] {"node-1", day(1), "busy-refresh/google/busy/t7", "node-1", DAY0},
            "cita_lease_pkey"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("hotStatements")
  void usesItsIndexAndScansNoTableSequentially(
      String what, String sql, Object[] parameters, String index) throws SQLException {
    List<String> plan = explain(sql, parameters);
    System.out.println("-- " + what + "\n" + String.join("\n", plan));

    assertThat(plan).as("plan of %s", what).noneMatch(line -> line.contains("Seq Scan on cita_"));
    assertThat(plan)
        .as("plan of %s", what)
        .anyMatch(line -> line.contains(" " + index + " ") || line.endsWith(" " + index));
  }

  private List<String> explain(String sql, Object[] parameters) throws SQLException {
    try (Connection c = dataSource.getConnection();
        PreparedStatement p = c.prepareStatement("EXPLAIN " + sql)) {
      for (int i = 0; i < parameters.length; i++) {
        Object value = parameters[i];
        if (value instanceof Instant t) {
          Jdbc.setInstant(p, i + 1, t);
        } else if (value instanceof Integer n) {
          p.setInt(i + 1, n);
        } else if (value instanceof Long n) {
          p.setLong(i + 1, n);
        } else {
          p.setString(i + 1, (String) value);
        }
      }
      List<String> lines = new ArrayList<>();
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          lines.add(r.getString(1));
        }
      }
      return lines;
    }
  }
}
