package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.OutcomeUnknownException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14 on PostgreSQL: the idempotency double booking (a held advisory lock fixes the order of
 * the racers), pools at REPEATABLE READ and SERIALIZABLE, and a connection terminated mid-write.
 * Every case books through {@link BookingService}, the public API.
 */
class PostgresBookingPromisesTest {
  private static final TenantId TENANT = TenantId.of("clinica-norte");
  private static final ResourceId ROOM = ResourceId.of("sala-1");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final LocalDate TUE = LocalDate.of(2026, 3, 3);
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final AppointmentType GROUP =
      AppointmentType.builder("taller", "Taller", Duration.ofMinutes(30))
          .seats(3)
          .horizon(Duration.ofDays(30))
          .build();
  static final AppointmentType SINGLE =
      AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
          .bufferAfter(Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();

  private HikariDataSource dataSource;
  private final List<HikariDataSource> pools = new ArrayList<>();
  private final ExecutorService threads = Executors.newCachedThreadPool();

  @AfterEach
  void cleanUp() {
    threads.shutdownNow();
    pools.forEach(HikariDataSource::close);
    TestDatabases.dropPostgres(dataSource);
  }

  /**
   * Issue 14, "Double booking through the idempotency path", step by step: a full seats=3 slot; A
   * claims K and waits on the resource lock the test holds; two cancels and B's identical book(K)
   * queue behind; A fails (full) and releases; the cancels commit; B inserts; A retries. Before the
   * fix A's retry claimed K afresh and the key named two SCHEDULED appointments.
   */
  @Test
  void aFailedClaimAndAQueuedReplayNeverBookTwice() throws Exception {
    BookingService service = service(database());
    Instant start = at("10:00");
    List<Appointment> seated = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      seated.add(service.book(request(GROUP, start, "Cliente " + i).build()));
    }
    BookingRequest k = request(GROUP, start, "Camila").idempotencyKey("K").build();

    Future<Appointment> a;
    Future<Appointment> b;
    try (Connection lock = holdResourceLock()) {
      a = threads.submit(() -> service.book(k));
      awaitWaiters(1);
      threads.submit(() -> service.cancel(TENANT, seated.get(0).id()));
      awaitWaiters(2);
      threads.submit(() -> service.cancel(TENANT, seated.get(1).id()));
      awaitWaiters(3);
      b = threads.submit(() -> service.book(k));
      awaitWaiters(4);
      lock.rollback();
    }
    assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS))
        .hasCauseInstanceOf(SlotUnavailableException.class);
    Appointment byB = b.get(10, TimeUnit.SECONDS);

    Appointment retried = service.book(k);

    assertThat(count("SELECT count(*) FROM cita_appointment WHERE idempotency_key = 'K'"))
        .as("appointments named by key K")
        .isEqualTo(1);
    assertThat(retried.id()).isEqualTo(byB.id());
  }

  /**
   * Issue 14: the same with A's connection terminated (pg_terminate_backend) while it waits: A is
   * told the outcome is unknown and that retrying with the key is safe; B books; A's retry returns
   * B's appointment. Before the fix A released the key and its retry booked a second appointment.
   */
  @Test
  void aTerminatedConnectionKeepsTheClaimAndSaysTheOutcomeIsUnknown() throws Exception {
    BookingService service = service(database());
    BookingRequest k = request(GROUP, at("10:00"), "Camila").idempotencyKey("K").build();

    Future<Appointment> a;
    Future<Appointment> b;
    try (Connection lock = holdResourceLock()) {
      a = threads.submit(() -> service.book(k));
      int pid = awaitWaiters(1);
      b = threads.submit(() -> service.book(k));
      awaitWaiters(2);
      try (Statement s = lock.createStatement()) {
        s.execute("SELECT pg_terminate_backend(" + pid + ")");
      }
      assertThatThrownBy(() -> a.get(10, TimeUnit.SECONDS))
          .cause()
          .isInstanceOf(OutcomeUnknownException.class)
          .hasMessageContaining("outcome")
          .hasMessageContaining("same idempotency key is safe")
          .hasMessageContaining("57P01");
      lock.rollback();
    }
    Appointment byB = b.get(10, TimeUnit.SECONDS);

    Appointment retried = service.book(k);

    assertThat(count("SELECT count(*) FROM cita_appointment WHERE idempotency_key = 'K'"))
        .isEqualTo(1);
    assertThat(retried.id()).isEqualTo(byB.id());
  }

  /**
   * Issue 14, "Double booking when the application's pool uses REPEATABLE READ or SERIALIZABLE":
   * racers whose snapshots were taken while they waited for the lock. Before the fix the second
   * one-seat booking of the same time and a booking inside the first one's buffer both went in.
   */
  @ParameterizedTest
  @ValueSource(strings = {"TRANSACTION_REPEATABLE_READ", "TRANSACTION_SERIALIZABLE"})
  void strictPoolsNeitherOverfillNorOverlapBuffers(String isolation) throws Exception {
    database();
    BookingService service = service(pool(isolation));
    List<Future<Appointment>> sameTime = new ArrayList<>();
    List<Future<Appointment>> inBuffer = new ArrayList<>();
    List<Future<Appointment>> seats = new ArrayList<>();
    try (Connection lock = holdResourceLock()) {
      int waiting = 0;
      for (int i = 0; i < 2; i++) {
        sameTime.add(
            threads.submit(() -> service.book(request(SINGLE, at("09:00"), "Uno").build())));
        awaitWaiters(++waiting);
      }
      inBuffer.add(threads.submit(() -> service.book(request(SINGLE, at("11:00"), "Dos").build())));
      awaitWaiters(++waiting);
      inBuffer.add(
          threads.submit(() -> service.book(request(SINGLE, at("11:30"), "Tres").build())));
      awaitWaiters(++waiting);
      for (int i = 0; i < 4; i++) {
        seats.add(threads.submit(() -> service.book(request(GROUP, at("12:00"), "Grupo").build())));
        awaitWaiters(++waiting);
      }
      lock.rollback();
    }

    assertThat(successes(sameTime)).as("one-seat slot").isEqualTo(1);
    assertThat(successes(inBuffer)).as("a booking inside the other's buffer").isEqualTo(1);
    assertThat(successes(seats)).as("seats=3 slot").isEqualTo(3);
    assertThat(count("SELECT count(*) FROM cita_appointment WHERE holds_time")).isEqualTo(5);
  }

  /**
   * Issue 14: the database itself refuses a slot fuller than its seats, one-seat types included.
   */
  @Test
  void theSchemaRefusesMoreRowsInASlotThanSeats() throws Exception {
    HikariDataSource ds = database();
    service(ds).book(request(SINGLE, at("09:00"), "Uno").build());
    try (Connection c = ds.getConnection();
        Statement s = c.createStatement()) {
      String copy =
          "INSERT INTO cita_appointment SELECT tenant_id, 'copy-' || id, resource_id, type_id,"
              + " attendee_name, attendee_email, attendee_phone, attendee_locale, attendee_zone,"
              + " start_at, end_at, buffer_before_seconds, buffer_after_seconds, display_zone,"
              + " status, holds_time, slot_key, location, notes, external_refs, NULL,"
              + " provider_event_at, version, created_at, updated_at, %s, %s FROM cita_appointment";
      assertThatThrownBy(() -> s.execute(String.format(copy, "seat_no", "seats")))
          .as("the same seat twice")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("cita_appointment_seat_no");
      assertThatThrownBy(() -> s.execute(String.format(copy, "1", "seats")))
          .as("seat 1 of a one-seat slot")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("cita_appointment_seat");
      assertThatThrownBy(() -> s.execute(String.format(copy, "NULL", "seats")))
          .as("a time-holding row without a seat")
          .isInstanceOf(SQLException.class)
          .hasMessageContaining("cita_appointment_seat");
    }
  }

  private static int successes(List<Future<Appointment>> outcomes) throws InterruptedException {
    int won = 0;
    for (Future<Appointment> f : outcomes) {
      try {
        f.get(20, TimeUnit.SECONDS);
        won++;
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(SlotUnavailableException.class);
      } catch (java.util.concurrent.TimeoutException e) {
        throw new AssertionError("a booking did not finish", e);
      }
    }
    return won;
  }

  private HikariDataSource database() {
    dataSource = TestDatabases.postgres();
    return dataSource;
  }

  private HikariDataSource pool(String isolation) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(TestDatabases.postgresUrl());
    config.setSchema(dataSource.getSchema());
    config.setMaximumPoolSize(12);
    config.setTransactionIsolation(isolation);
    HikariDataSource ds = new HikariDataSource(config);
    pools.add(ds);
    return ds;
  }

  static BookingService service(HikariDataSource ds) {
    JdbcScheduleStore schedules = new JdbcScheduleStore(ds);
    schedules.saveSchedule(
        TENANT,
        ROOM,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                    .build())
            .build());
    schedules.saveAppointmentType(TENANT, GROUP);
    schedules.saveAppointmentType(TENANT, SINGLE);
    return BookingService.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .appointmentStore(JdbcAppointmentStore.create(ds))
        .scheduleStore(schedules)
        .idempotencyStore(new JdbcIdempotencyStore(ds))
        .build();
  }

  static Instant at(String time) {
    return ZonedDateTime.of(TUE, LocalTime.parse(time), SANTIAGO).toInstant();
  }

  static BookingRequest.Builder request(AppointmentType type, Instant start, String who) {
    return BookingRequest.builder(TENANT, ROOM, type.id(), start, Attendee.builder(who).build());
  }

  /** Takes the resource's advisory lock in an open transaction; rolling back releases it. */
  private Connection holdResourceLock() throws SQLException {
    Connection c = dataSource.getConnection();
    c.setAutoCommit(false);
    try (PreparedStatement p =
        c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?), hashtext(?))")) {
      p.setString(1, TENANT.value());
      p.setString(2, ROOM.value());
      p.executeQuery().close();
    }
    return c;
  }

  /**
   * Waits until {@code n} sessions wait for the resource's advisory lock; returns the process id of
   * the one that started waiting last.
   */
  private int awaitWaiters(int n) throws Exception {
    String sql =
        "SELECT l.pid FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
            + " WHERE l.locktype = 'advisory' AND NOT l.granted AND l.objsubid = 2"
            + " AND l.classid::bigint = (hashtext(?)::bigint & 4294967295)"
            + " AND l.objid::bigint = (hashtext(?)::bigint & 4294967295)"
            + " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            + " ORDER BY a.state_change DESC";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (Connection c = dataSource.getConnection();
          PreparedStatement p = c.prepareStatement(sql)) {
        p.setString(1, TENANT.value());
        p.setString(2, ROOM.value());
        List<Integer> pids = new ArrayList<>();
        try (ResultSet r = p.executeQuery()) {
          while (r.next()) {
            pids.add(r.getInt(1));
          }
        }
        if (pids.size() >= n) {
          return pids.get(0);
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError(n + " sessions never waited for the resource lock");
  }

  private long count(String sql) throws SQLException {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }
}
