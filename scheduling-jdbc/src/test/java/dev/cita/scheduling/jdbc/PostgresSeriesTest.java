package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SeriesRequest;
import dev.cita.scheduling.SeriesResult;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 21, recurring appointments on PostgreSQL: two threads book overlapping all-or-none series
 * of four weekly occurrences on one resource at the same moment, twenty rounds. In every round
 * exactly one series is written whole and the other not at all (its result names its refused
 * occurrences), under the resource's advisory lock and the exclusion constraint. Skipped with a
 * message when no PostgreSQL server is reachable.
 */
class PostgresSeriesTest {
  private static final TenantId TENANT = TenantId.of("clinica-series");
  private static final ResourceId ANA = ResourceId.of("kine-ana");
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final AppointmentType KINE =
      AppointmentType.builder("kine", "Kinesiología", Duration.ofMinutes(30))
          .step(Duration.ofMinutes(15))
          .minimumNotice(Duration.ZERO)
          .horizon(Duration.ofDays(900))
          .build();
  private static final int ROUNDS = 20;

  private HikariDataSource dataSource;
  private final ExecutorService threads = Executors.newFixedThreadPool(2);

  @AfterEach
  void cleanUp() {
    threads.shutdownNow();
    TestDatabases.dropPostgres(dataSource);
  }

  @Test
  void ofTwoOverlappingAllOrNoneSeriesExactlyOneIsWrittenWholeEveryRound() throws Exception {
    BookingService service = service();
    JdbcAppointmentStore store = (JdbcAppointmentStore) service.appointmentStore();
    for (int round = 0; round < ROUNDS; round++) {
      LocalDateTime tuesday = LocalDateTime.parse("2026-03-03T10:00").plusWeeks(5L * round);
      CyclicBarrier together = new CyclicBarrier(2);
      List<Future<SeriesResult>> racers = new ArrayList<>();
      for (int minutes : new int[] {0, 15}) {
        SeriesRequest request =
            SeriesRequest.builder(
                    BookingRequest.builder(
                            TENANT,
                            ANA,
                            KINE.id(),
                            tuesday.plusMinutes(minutes).atZone(SANTIAGO).toInstant(),
                            Attendee.builder("Paciente " + minutes).build())
                        .build(),
                    "FREQ=WEEKLY;COUNT=4")
                .build();
        racers.add(
            threads.submit(
                () -> {
                  together.await(30, TimeUnit.SECONDS);
                  return service.series().book(request);
                }));
      }
      List<SeriesResult> results = new ArrayList<>();
      for (Future<SeriesResult> f : racers) {
        results.add(f.get(2, TimeUnit.MINUTES));
      }

      List<SeriesResult> won = results.stream().filter(SeriesResult::isComplete).toList();
      List<SeriesResult> lost = results.stream().filter(r -> !r.isComplete()).toList();
      assertThat(won).as("round %d: the winners", round).hasSize(1);
      assertThat(won.get(0).appointments()).hasSize(4);
      assertThat(lost).singleElement().satisfies(r -> assertThat(r.appointments()).isEmpty());
      assertThat(lost.get(0).refused())
          .isNotEmpty()
          .allSatisfy(
              r ->
                  assertThat(r.reason())
                      .isIn(
                          SlotUnavailableException.Reason.OTHER_APPOINTMENT,
                          SlotUnavailableException.Reason.SEATS_TAKEN));
      assertThat(store.findSeries(TENANT, lost.get(0).series()))
          .as("round %d: nothing of the losing series", round)
          .isEmpty();
      assertThat(store.findSeries(TENANT, won.get(0).series()))
          .containsExactlyElementsOf(won.get(0).appointments());
    }
    List<Appointment> all = store.findTimeHolding(TENANT, ANA, NOW, NOW.plus(Duration.ofDays(900)));
    assertThat(all).hasSize(4 * ROUNDS);
    assertThat(count()).isEqualTo(4 * ROUNDS);
  }

  private BookingService service() {
    dataSource = TestDatabases.postgres();
    JdbcScheduleStore schedules = new JdbcScheduleStore(dataSource);
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "08:00", "20:00").build())
            .build());
    schedules.saveAppointmentType(TENANT, KINE);
    return BookingService.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .appointmentStore(JdbcAppointmentStore.create(dataSource))
        .scheduleStore(schedules)
        .idempotencyStore(new JdbcIdempotencyStore(dataSource))
        .build();
  }

  private long count() throws Exception {
    try (var c = dataSource.getConnection();
        var s = c.createStatement();
        var r = s.executeQuery("SELECT count(*) FROM cita_appointment")) {
      r.next();
      return r.getLong(1);
    }
  }
}
