package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.jdbc.JdbcReminderStoreTest.Db;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.spi.IdempotencyRecord;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bad input gets a {@link ValidationException} naming the field and writes nothing; a stored row
 * that no longer decodes is a {@link SchedulingException} naming the row, not a raw exception.
 */
class JdbcBadInputTest {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final String LONG = "x".repeat(1001);

  private HikariDataSource dataSource;

  @AfterEach
  void closePool() {
    if (dataSource != null) {
      dataSource.close();
    }
  }

  private static Schedule schedule() {
    return Schedule.builder("America/Santiago")
        .weeklyHours(WeeklyHours.builder().add(DayOfWeek.MONDAY, "09:00", "18:00").build())
        .build();
  }

  private void refused(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private long rows(String table) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      r.next();
      return r.getLong(1);
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void oversizedKeysAndFieldsAreRefusedNamingTheFieldAndNothingIsWritten(Db db)
      throws SQLException {
    dataSource = db.open.get();
    JdbcScheduleStore schedules = new JdbcScheduleStore(dataSource);
    JdbcIdempotencyStore idempotency = new JdbcIdempotencyStore(dataSource);
    JdbcTokenStore tokens = new JdbcTokenStore(dataSource);
    JdbcConnectionStatusStore statuses = new JdbcConnectionStatusStore(dataSource);
    JdbcWebhookInbox inbox = new JdbcWebhookInbox(dataSource);

    refused(
        () -> schedules.saveSchedule(TenantId.of(LONG), ResourceId.of("ana"), schedule()),
        "tenantId");
    refused(() -> schedules.saveSchedule(NORTE, ResourceId.of(LONG), schedule()), "resourceId");
    refused(
        () ->
            schedules.saveAppointmentType(
                NORTE, AppointmentType.builder(LONG, "Consulta", Duration.ofMinutes(30)).build()),
        "appointmentTypeId");
    refused(
        () ->
            idempotency.putIfAbsent(
                new IdempotencyRecord(NORTE, LONG, "fp", AppointmentId.of("a"), T0)),
        "idempotencyKey");
    refused(
        () ->
            idempotency.putIfAbsent(
                new IdempotencyRecord(NORTE, "k", LONG, AppointmentId.of("a"), T0)),
        "idempotency.requestFingerprint");
    refused(
        () -> tokens.save(ConnectionKey.of(NORTE, "google", LONG), new byte[] {1}),
        "connection.account");
    refused(
        () -> tokens.save(ConnectionKey.of(NORTE, LONG, "a@b.cl"), new byte[] {1}),
        "connection.provider");
    refused(
        () ->
            tokens.save(
                ConnectionKey.of(NORTE, "google", "a@b.cl"),
                new byte[JdbcTokenStore.MAX_SEALED_BYTES + 1]),
        "sealedCredential");
    refused(
        () ->
            statuses.save(
                ConnectionKey.of(NORTE, "google", "a@b.cl"),
                new ConnectionState(ConnectionStatus.CONNECTED, T0, "r".repeat(2001))),
        "connectionState.reason");
    refused(
        () ->
            inbox.record(
                dev.cita.scheduling.spi.WebhookInbox.Delivery.of(NORTE, "calcom", LONG), T0),
        "delivery.key");

    for (String table :
        new String[] {
          "cita_schedule",
          "cita_appointment_type",
          "cita_idempotency_key",
          "cita_token",
          "cita_connection_status",
          "cita_webhook_inbox"
        }) {
      assertThat(rows(table)).as(table).isZero();
    }
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aStoredScheduleWithAnUnknownZoneIsATypedErrorNamingTheRow(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcScheduleStore store = new JdbcScheduleStore(dataSource);
    store.saveSchedule(NORTE, ResourceId.of("dra-ana"), schedule());
    try (Connection c = dataSource.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "UPDATE cita_schedule SET schedule_json = REPLACE(schedule_json,"
                    + " 'America/Santiago', 'Mars/Olympus_Mons')")) {
      assertThat(p.executeUpdate()).isEqualTo(1);
    }

    assertThatThrownBy(() -> store.schedule(NORTE, ResourceId.of("dra-ana")))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("cita_schedule")
        .hasMessageContaining("clinica-norte")
        .hasMessageContaining("dra-ana")
        .hasMessageContaining("Mars/Olympus_Mons");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void aStoredTypeThatIsNotJsonIsATypedErrorNamingTheRow(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcScheduleStore store = new JdbcScheduleStore(dataSource);
    store.saveAppointmentType(
        NORTE, AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30)).build());
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE cita_appointment_type SET type_json = '{not json'");
    }

    assertThatThrownBy(
            () ->
                store.appointmentType(
                    NORTE, dev.cita.scheduling.model.AppointmentTypeId.of("consulta")))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("cita_appointment_type")
        .hasMessageContaining("consulta");
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void oversizedBusyTimeAndLeaseFieldsAreRefusedNamingTheFieldAndNothingIsWritten(Db db)
      throws SQLException {
    dataSource = db.open.get();
    JdbcBusyTimeStore busy = new JdbcBusyTimeStore(dataSource);
    JdbcLeaseStore leases = new JdbcLeaseStore(dataSource);
    BusyTimeStore.Key key = new BusyTimeStore.Key("google", NORTE, ResourceId.of("ana"));
    TimeInterval hour = TimeInterval.of(T0, Duration.ofHours(1));
    Map<String, TimeInterval> ok = Map.of("evt-1", hour);

    refused(
        () -> busy.compareAndSet(key, 0, snapshot(Map.of("e".repeat(1025), hour), null)),
        "next.events.eventId");
    refused(
        () ->
            busy.compareAndSet(
                new BusyTimeStore.Key("s".repeat(101), NORTE, ResourceId.of("ana")),
                0,
                snapshot(ok, null)),
        "key.source");
    refused(() -> busy.compareAndSet(key, 0, snapshot(ok, "r".repeat(2001))), "next.unavailable");
    refused(() -> leases.tryAcquire("n".repeat(501), "node-1", T0, Duration.ofMinutes(1)), "name");
    refused(() -> leases.tryAcquire("lease", LONG, T0, Duration.ofMinutes(1)), "owner");

    for (String table : new String[] {"cita_busy_calendar", "cita_busy_event", "cita_lease"}) {
      assertThat(rows(table)).as(table).isZero();
    }
  }

  private static BusyTimeStore.Snapshot snapshot(
      Map<String, TimeInterval> events, @Nullable String unavailable) {
    return new BusyTimeStore.Snapshot(events, List.of(), T0, unavailable);
  }

  @ParameterizedTest
  @EnumSource(Db.class)
  void storedReadSpansThatDoNotParseAreATypedErrorNamingTheRow(Db db) throws SQLException {
    dataSource = db.open.get();
    JdbcBusyTimeStore store = new JdbcBusyTimeStore(dataSource);
    BusyTimeStore.Key key = new BusyTimeStore.Key("google", NORTE, ResourceId.of("dra-ana"));
    store.compareAndSet(key, 0, BusyTimeStore.Snapshot.EMPTY);
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.executeUpdate("UPDATE cita_busy_calendar SET known_spans = 'yesterday'");
    }

    assertThatThrownBy(() -> store.load(key))
        .isExactlyInstanceOf(SchedulingException.class)
        .hasMessageContaining("cita_busy_calendar")
        .hasMessageContaining("dra-ana");
  }
}
