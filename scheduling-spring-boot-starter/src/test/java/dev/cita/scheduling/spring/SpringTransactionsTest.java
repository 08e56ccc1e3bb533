package dev.cita.scheduling.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotQuery;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.jdbc.JdbcStores;
import dev.cita.scheduling.jdbc.TransactionIsolationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.TimeSlot;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * {@code cita.jdbc.join-spring-transactions}: a booking made inside a Spring-managed transaction
 * commits or rolls back with the application's own row, on H2 and on PostgreSQL (skipped without a
 * server at {@code CITA_TEST_PG_URL}); with the property off it commits on its own; a REPEATABLE
 * READ transaction is refused before anything is written; and on PostgreSQL the resource's advisory
 * lock is held until the outer transaction commits.
 */
class SpringTransactionsTest {
  private static final String PG_URL_VARIABLE = "CITA_TEST_PG_URL";
  private static final AppointmentType CONSULTA =
      AppointmentType.builder("consulta", "Consulta", Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();
  private static final Attendee MARIA = Attendee.builder("María").phone("+56912345678").build();

  private String schema;

  @AfterEach
  void dropSchema() {
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(postgresUrl());
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
      } catch (SQLException e) {
        // best effort: a left-over schema does not affect other tests
      }
    }
  }

  private static String postgresUrl() {
    String url = System.getenv(PG_URL_VARIABLE);
    return url == null || url.isBlank()
        ? "jdbc:postgresql://127.0.0.1:5432/test?user=postgres"
        : url;
  }

  private DataSource database(String kind) {
    if (kind.equals("h2")) {
      return TestSupport.h2();
    }
    String url = postgresUrl();
    String name = "cita_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      try {
        s.execute("CREATE EXTENSION IF NOT EXISTS btree_gist SCHEMA public");
      } catch (SQLException e) {
        // created by another test at the same moment; the migration says so if it is missing
      }
      s.execute("CREATE SCHEMA " + name);
      schema = name;
    } catch (SQLException e) {
      Assumptions.abort(
          "PostgreSQL tests skipped: no server at "
              + url
              + " ("
              + e.getMessage()
              + "); set "
              + PG_URL_VARIABLE
              + " to a JDBC URL of a server to run them");
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name);
    return ds;
  }

  private static ApplicationContextRunner runner(DataSource ds, boolean join) {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(CitaAutoConfiguration.class))
        .withBean(DataSource.class, () -> ds)
        .withBean(java.time.Clock.class, TestSupport::clock)
        .withBean(PlatformTransactionManager.class, () -> new DataSourceTransactionManager(ds))
        .withPropertyValues("cita.jdbc.join-spring-transactions=" + join);
  }

  /** Dr. Ana's hours, the app's own table, and the first free slots. */
  private static List<TimeSlot> setUp(AssertableApplicationContext context) {
    JdbcStores stores = context.getBean(JdbcStores.class);
    stores.schedules().saveAppointmentType(TestSupport.BRANCH, CONSULTA);
    stores
        .schedules()
        .saveSchedule(
            TestSupport.BRANCH,
            TestSupport.ANA,
            Schedule.builder("America/Santiago")
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                        .build())
                .build());
    new JdbcTemplate(context.getBean(DataSource.class))
        .execute("CREATE TABLE app_order (id VARCHAR(40) PRIMARY KEY)");
    LocalDate tuesday = LocalDate.of(2026, 3, 3);
    return context
        .getBean(BookingService.class)
        .findSlots(
            SlotQuery.forResource(
                TestSupport.BRANCH, TestSupport.ANA, CONSULTA.id(), tuesday, tuesday));
  }

  private static Appointment book(AssertableApplicationContext context, Instant start) {
    return context
        .getBean(BookingService.class)
        .book(
            BookingRequest.builder(TestSupport.BRANCH, TestSupport.ANA, CONSULTA.id(), start, MARIA)
                .build());
  }

  private static int count(AssertableApplicationContext context, String table) {
    Integer n =
        new JdbcTemplate(context.getBean(DataSource.class))
            .queryForObject("SELECT COUNT(*) FROM " + table, Integer.class);
    return n == null ? -1 : n;
  }

  private static void insertOrder(AssertableApplicationContext context, String id) {
    new JdbcTemplate(context.getBean(DataSource.class))
        .update("INSERT INTO app_order (id) VALUES (?)", id);
  }

  /** In one transaction: a booking, the app's row, then the app throws. */
  private static void bookThenFail(AssertableApplicationContext context, Instant start) {
    assertThatThrownBy(
            () ->
                transactions(context)
                    .executeWithoutResult(
                        status -> {
                          book(context, start);
                          insertOrder(context, "order-1");
                          throw new IllegalStateException("payment declined");
                        }))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("payment declined");
  }

  private static TransactionTemplate transactions(AssertableApplicationContext context) {
    return new TransactionTemplate(context.getBean(PlatformTransactionManager.class));
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aBookingAndTheAppsRowCommitTogether(String kind) {
    runner(database(kind), true)
        .run(
            context -> {
              List<TimeSlot> slots = setUp(context);
              Appointment booked =
                  transactions(context)
                      .execute(
                          status -> {
                            Appointment a = book(context, slots.get(0).start());
                            insertOrder(context, "order-1");
                            // the store reads in the same transaction: its own booking is there
                            assertThat(
                                    context
                                        .getBean(BookingService.class)
                                        .appointment(TestSupport.BRANCH, a.id()))
                                .isPresent();
                            return a;
                          });

              assertThat(count(context, "cita_appointment")).isEqualTo(1);
              assertThat(count(context, "app_order")).isEqualTo(1);
              assertThat(
                      context
                          .getBean(BookingService.class)
                          .appointment(TestSupport.BRANCH, booked.id()))
                  .isPresent();
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aBookingRollsBackWithTheAppsTransaction(String kind) {
    runner(database(kind), true)
        .run(
            context -> {
              List<TimeSlot> slots = setUp(context);

              bookThenFail(context, slots.get(0).start());

              assertThat(count(context, "cita_appointment")).isZero();
              assertThat(count(context, "cita_outbox")).isZero();
              assertThat(count(context, "app_order")).isZero();
              // the slot is free again
              assertThat(book(context, slots.get(0).start()).start())
                  .isEqualTo(slots.get(0).start());
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void withThePropertyOffTheBookingCommitsOnItsOwn(String kind) {
    runner(database(kind), false)
        .run(
            context -> {
              List<TimeSlot> slots = setUp(context);

              bookThenFail(context, slots.get(0).start());

              assertThat(count(context, "cita_appointment")).isEqualTo(1);
              assertThat(count(context, "app_order")).isZero();
            });
  }

  @ParameterizedTest
  @ValueSource(strings = {"h2", "postgresql"})
  void aRepeatableReadTransactionIsRefusedBeforeAnythingIsWritten(String kind) {
    runner(database(kind), true)
        .run(
            context -> {
              List<TimeSlot> slots = setUp(context);
              TransactionTemplate repeatable = transactions(context);
              repeatable.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);

              assertThatThrownBy(
                      () ->
                          repeatable.executeWithoutResult(
                              status -> book(context, slots.get(0).start())))
                  .isInstanceOf(TransactionIsolationException.class)
                  .hasMessageContaining("REPEATABLE READ")
                  .hasMessageContaining("READ COMMITTED");

              assertThat(count(context, "cita_appointment")).isZero();
            });
  }

  /**
   * Joined, the booking's {@code pg_advisory_xact_lock} lives as long as the application's
   * transaction: another booking of the same professional waits for its commit.
   */
  @Test
  void onPostgresqlTheResourceLockIsHeldUntilTheOuterCommit() {
    runner(database("postgresql"), true)
        .run(
            context -> {
              List<TimeSlot> slots = setUp(context);
              CountDownLatch booked = new CountDownLatch(1);
              CountDownLatch commit = new CountDownLatch(1);
              CompletableFuture<Appointment> outer =
                  CompletableFuture.supplyAsync(
                      () ->
                          transactions(context)
                              .execute(
                                  status -> {
                                    Appointment a = book(context, slots.get(0).start());
                                    booked.countDown();
                                    await(commit);
                                    return a;
                                  }));
              assertThat(booked.await(10, TimeUnit.SECONDS)).isTrue();

              CompletableFuture<Appointment> second =
                  CompletableFuture.supplyAsync(() -> book(context, slots.get(2).start()));
              Thread.sleep(1000);

              assertThat(second).isNotDone();
              assertThat(
                      new JdbcTemplate(context.getBean(DataSource.class))
                          .queryForObject(
                              "SELECT COUNT(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT"
                                  + " granted",
                              Integer.class))
                  .isEqualTo(1);
              commit.countDown();
              assertThat(outer.get(10, TimeUnit.SECONDS).start()).isEqualTo(slots.get(0).start());
              assertThat(second.get(10, TimeUnit.SECONDS).start()).isEqualTo(slots.get(2).start());
              assertThat(count(context, "cita_appointment")).isEqualTo(2);
            });
  }

  private static void await(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        throw new IllegalStateException("not released");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
