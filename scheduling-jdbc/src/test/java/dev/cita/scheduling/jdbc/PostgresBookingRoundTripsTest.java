package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 22: the round trips of a booking on PostgreSQL, counted on the driver's socket, so the
 * booking path cannot slowly grow back. Before issue 22 a booking with one outbox row took eight
 * (SET TRANSACTION with the lock, id check, outbox id check, conflict read, insert, external
 * references delete, outbox insert, commit); now two: the locks, checks and reads, then the writes
 * and the commit. A refused booking takes two as well (the reads, then the rollback). Skipped with
 * a message when no PostgreSQL server is reachable.
 */
class PostgresBookingRoundTripsTest {
  private static final TenantId TENANT = TenantId.of("clinica-trips");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");
  private static final Instant TEN_AM = Instant.parse("2026-03-03T13:00:00Z");
  private static final AppointmentType CONSULT =
      AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30))
          .minimumNotice(Duration.ZERO)
          .build();

  private HikariDataSource dataSource;
  private Connection counted;
  private BookingService service;

  @BeforeEach
  void setUp() throws Exception {
    dataSource = TestDatabases.postgres();
    String url = TestDatabases.postgresUrl();
    counted =
        DriverManager.getConnection(
            url
                + (url.contains("?") ? "&" : "?")
                + "currentSchema="
                + dataSource.getSchema()
                + "&socketFactory="
                + CountingSocketFactory.class.getName());
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveAppointmentType(TENANT, CONSULT);
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "08:00", "20:00").build())
            .build());
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .scheduleStore(schedules)
            .appointmentStore(JdbcAppointmentStore.create(onOneConnection(counted)))
            .queueNotifications()
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .build();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (counted != null) {
      counted.close();
    }
    TestDatabases.dropPostgres(dataSource);
  }

  @Test
  void aBookingWithItsOutboxRowTakesTwoRoundTrips() throws Exception {
    CountingSocketFactory.reset();
    Appointment booked = book("Paciente");
    assertThat(CountingSocketFactory.roundTrips()).isEqualTo(2);
    assertThat(outboxRowsOf(booked)).as("the queued notice was written with it").isEqualTo(1);
  }

  @Test
  void aRefusedBookingTakesTwoRoundTrips() {
    book("Primera");
    CountingSocketFactory.reset();
    assertThatThrownBy(() -> book("Segunda")).isInstanceOf(SlotUnavailableException.class);
    assertThat(CountingSocketFactory.roundTrips()).isEqualTo(2);
  }

  private Appointment book(String name) {
    return service.book(
        BookingRequest.builder(TENANT, ANA, CONSULT.id(), TEN_AM, Attendee.builder(name).build())
            .build());
  }

  private long outboxRowsOf(Appointment a) throws Exception {
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM cita_outbox WHERE appointment_id = '" + a.id() + "'")) {
      r.next();
      return r.getLong(1);
    }
  }

  /** A data source handing out {@code connection} every time, whose close() keeps it open. */
  private static DataSource onOneConnection(Connection connection) {
    Connection kept =
        (Connection)
            Proxy.newProxyInstance(
                Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                  if (method.getName().equals("close")) {
                    return null;
                  }
                  try {
                    return method.invoke(connection, args);
                  } catch (InvocationTargetException e) {
                    throw e.getCause();
                  }
                });
    return (DataSource)
        Proxy.newProxyInstance(
            DataSource.class.getClassLoader(),
            new Class<?>[] {DataSource.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getConnection")) {
                return kept;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
