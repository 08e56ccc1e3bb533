package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * A "node" of {@link PostgresCollectiveBookingRaceTest}: connects to {@code args[0]} (JDBC URL) and
 * schema {@code args[1]}, prints READY, waits for {@code GO <start millis>} on stdin, then from
 * that moment books overlapping collective and single slots over six resources from {@code args[3]}
 * threads (attendees named after {@code args[2]}), cancelling some of the collective ones, and
 * prints {@code DONE <booked> <unexpected failures> <millis>}.
 */
public final class CollectiveBookingNode {
  static final TenantId TENANT = TenantId.of("coro");
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final List<ResourceId> RESOURCES =
      List.of("r0", "r1", "r2", "r3", "r4", "r5").stream().map(ResourceId::of).toList();
  static final AppointmentType TYPE =
      AppointmentType.builder("ensayo", "Ensayo", Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();
  static final int ATTEMPTS_PER_THREAD = 24;
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private static final LocalDate TUE = LocalDate.of(2026, 3, 3);

  private CollectiveBookingNode() {}

  public static void main(String[] args) throws Exception {
    try (HikariDataSource ds = TestDatabases.postgres(args[0], args[1])) {
      BookingService service = service(ds);
      BookingNode.warmUp(ds, Integer.parseInt(args[3]));
      System.out.println("READY");
      System.out.flush();
      String go =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long startAt = Long.parseLong(go.substring("GO ".length()));
      Result r = race(service, args[2], Integer.parseInt(args[3]), startAt);
      System.out.println("DONE " + r.booked() + " " + r.unexpected() + " " + r.millis());
      System.out.flush();
    }
  }

  /** Saves the schedules and the type (the parent does, before the child starts). */
  static void setUp(DataSource ds) {
    JdbcScheduleStore schedules = new JdbcScheduleStore(ds);
    for (ResourceId r : RESOURCES) {
      schedules.saveSchedule(
          TENANT,
          r,
          Schedule.builder(SANTIAGO)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "18:00")
                      .build())
              .build());
    }
    schedules.saveAppointmentType(TENANT, TYPE);
  }

  static BookingService service(DataSource ds) {
    return BookingService.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .appointmentStore(JdbcAppointmentStore.create(ds))
        .scheduleStore(new JdbcScheduleStore(ds))
        .idempotencyStore(new JdbcIdempotencyStore(ds))
        .build();
  }

  /** What one node's race did. */
  record Result(int booked, int unexpected, long millis) {}

  /**
   * Every thread makes {@link #ATTEMPTS_PER_THREAD} bookings at sixteen overlapping starts (every
   * 15 minutes, 30 minutes long): collectives of two or three resources whose host is not always
   * the lowest id, and single bookings; every fourth collective it wins it cancels again. Anything
   * but a {@link SlotUnavailableException} (a deadlock, a partial write) counts as unexpected.
   */
  static Result race(BookingService service, String node, int threads, long startAtMillis)
      throws InterruptedException {
    AtomicInteger booked = new AtomicInteger();
    AtomicInteger unexpected = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    long started = System.nanoTime();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      pool.execute(
          () -> {
            try {
              Thread.sleep(Math.max(0, startAtMillis - System.currentTimeMillis()));
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              return;
            }
            for (int k = 0; k < ATTEMPTS_PER_THREAD; k++) {
              int i = thread * 7 + k;
              Instant start =
                  ZonedDateTime.of(TUE, LocalTime.of(10, 0).plusMinutes(15L * (i % 16)), SANTIAGO)
                      .toInstant();
              ResourceId host = RESOURCES.get(i % 6);
              BookingRequest request =
                  BookingRequest.builder(
                          TENANT,
                          host,
                          TYPE.id(),
                          start,
                          Attendee.builder(node + " " + thread + " " + k).build())
                      .build();
              try {
                Appointment a =
                    switch (k % 3) {
                      case 0 ->
                          service.bookAllOf(request, List.of(host, RESOURCES.get((i + 5) % 6)));
                      case 1 ->
                          service.bookAllOf(
                              request,
                              List.of(
                                  RESOURCES.get((i + 2) % 6), host, RESOURCES.get((i + 1) % 6)));
                      default -> service.book(request);
                    };
                booked.incrementAndGet();
                if (!a.participants().isEmpty() && k % 4 == 0) {
                  service.cancel(TENANT, a.id());
                }
              } catch (SlotUnavailableException e) {
                // lost the race, or a member was taken
              } catch (RuntimeException e) {
                unexpected.incrementAndGet();
                e.printStackTrace();
              }
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
      unexpected.incrementAndGet();
      System.err.println("the race did not finish within 2 minutes");
    }
    return new Result(booked.get(), unexpected.get(), (System.nanoTime() - started) / 1_000_000);
  }
}
