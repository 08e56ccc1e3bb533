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
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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
}
