package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.model.AppointmentId;
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
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One "node" of {@link PostgresStressTest}: a JVM with its own pool (at the isolation level given)
 * whose threads book with shared idempotency keys, book without keys, move and cancel, through
 * {@link BookingService}, on one tenant's few resources, until a deadline; then it prints {@code
 * RESULT} with counts per outcome. Arguments: JDBC URL, schema, isolation (a Hikari {@code
 * TRANSACTION_*} name), threads, seconds, seed.
 */
public final class StressNode {
  static final TenantId TENANT = TenantId.of("stress");
  static final ZoneId ZONE = ZoneId.of("America/Santiago");
  static final List<ResourceId> RESOURCES =
      List.of(ResourceId.of("r1"), ResourceId.of("r2"), ResourceId.of("r3"));

  /** Buffers before and after, so buffered spans can collide. */
  static final AppointmentType BUFFERED =
      AppointmentType.builder("buffered", "Con margen", Duration.ofMinutes(30))
          .bufferBefore(Duration.ofMinutes(10))
          .bufferAfter(Duration.ofMinutes(15))
          .step(Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();

  /** Three seats per slot. */
  static final AppointmentType GROUP =
      AppointmentType.builder("group", "Taller", Duration.ofMinutes(60))
          .seats(3)
          .step(Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();

  /** At most two a day per resource. */
  static final AppointmentType CAPPED =
      AppointmentType.builder("capped", "Evaluación", Duration.ofMinutes(30))
          .maxPerDay(2)
          .step(Duration.ofMinutes(30))
          .horizon(Duration.ofDays(30))
          .build();

  static final List<AppointmentType> TYPES = List.of(BUFFERED, GROUP, CAPPED);

  /** Monday 2 March 2026; bookings go on the four days after it. */
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  static final LocalDate FIRST_DAY = LocalDate.of(2026, 3, 3);
  static final int DAYS = 4;

  /** Grid starts 09:00, 09:30, ... 13:30 (10 per day): a small space, so racers collide. */
  static final int STARTS_PER_DAY = 10;

  static final int SHARED_KEYS = 120;

  private StressNode() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args[0]);
    config.setSchema(args[1]);
    config.setTransactionIsolation(args[2]);
    int threads = Integer.parseInt(args[3]);
    config.setMaximumPoolSize(threads + 2);
    try (HikariDataSource ds = new HikariDataSource(config)) {
      BookingService service = service(ds);
      System.out.println("READY");
      System.out.flush();
      String go =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      long startAt = Long.parseLong(go.substring("GO ".length()));
      Map<String, AtomicLong> counts =
          run(
              service,
              threads,
              startAt,
              startAt + TimeUnit.SECONDS.toMillis(Long.parseLong(args[4])),
              Long.parseLong(args[5]));
      StringBuilder line = new StringBuilder("RESULT");
      counts.forEach((k, v) -> line.append(' ').append(k).append('=').append(v.get()));
      System.out.println(line);
      System.out.flush();
    }
  }

  /** Saves the schedules and types (once, by the test). */
  static void setUp(HikariDataSource ds) {
    JdbcScheduleStore schedules = new JdbcScheduleStore(ds);
    Schedule hours =
        Schedule.builder(ZONE)
            .weeklyHours(
                WeeklyHours.builder()
                    .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "14:00")
                    .build())
            .build();
    RESOURCES.forEach(r -> schedules.saveSchedule(TENANT, r, hours));
    TYPES.forEach(t -> schedules.saveAppointmentType(TENANT, t));
  }

  static BookingService service(HikariDataSource ds) {
    return BookingService.builder()
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .appointmentStore(JdbcAppointmentStore.create(ds))
        .scheduleStore(new JdbcScheduleStore(ds))
        .idempotencyStore(new JdbcIdempotencyStore(ds))
        .build();
  }

  static Map<String, AtomicLong> run(
      BookingService service, int threads, long startAtMillis, long endAtMillis, long seed)
      throws InterruptedException {
    Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    List<AppointmentId> booked = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    for (int t = 0; t < threads; t++) {
      Random random = new Random(seed * 1_000 + t);
      pool.execute(
          () -> {
            sleepUntil(startAtMillis);
            while (System.currentTimeMillis() < endAtMillis) {
              int dice = random.nextInt(100);
              String op = dice < 35 ? "keyed" : dice < 60 ? "book" : dice < 80 ? "move" : "cancel";
              String outcome;
              try {
                switch (op) {
                  case "keyed" -> booked.add(service.book(keyed(random.nextInt(SHARED_KEYS))).id());
                  case "book" ->
                      booked.add(
                          service
                              .book(request(random, "Cliente " + random.nextInt(1000)).build())
                              .id());
                  case "move" -> service.reschedule(TENANT, pick(booked, random), start(random));
                  default -> service.cancel(TENANT, pick(booked, random));
                }
                outcome = "ok";
              } catch (SlotUnavailableException e) {
                outcome = "refused";
              } catch (InvalidTransitionException e) {
                outcome = "final"; // moving or cancelling a cancelled appointment
              } catch (ConcurrentUpdateException e) {
                outcome = "stale";
              } catch (NoneBookedYet e) {
                outcome = "skipped";
              } catch (RuntimeException e) {
                outcome = "unexpected";
                System.err.println("unexpected: " + e);
              }
              counts.computeIfAbsent(op + "." + outcome, k -> new AtomicLong()).incrementAndGet();
            }
          });
    }
    pool.shutdown();
    if (!pool.awaitTermination(
        endAtMillis - System.currentTimeMillis() + 60_000, TimeUnit.MILLISECONDS)) {
      throw new IllegalStateException("the stress threads did not finish");
    }
    return new TreeMap<>(counts);
  }

  /** The one request shared idempotency key {@code k} stands for, the same in every node. */
  static BookingRequest keyed(int k) {
    return request(new Random(k), "Clave " + k).idempotencyKey("key-" + k).build();
  }

  private static BookingRequest.Builder request(Random random, String who) {
    ResourceId resource = RESOURCES.get(random.nextInt(RESOURCES.size()));
    AppointmentType type = TYPES.get(random.nextInt(TYPES.size()));
    return BookingRequest.builder(
        TENANT, resource, type.id(), start(random), Attendee.builder(who).build());
  }

  private static Instant start(Random random) {
    LocalDate day = FIRST_DAY.plusDays(random.nextInt(DAYS));
    LocalTime time = LocalTime.of(9, 0).plusMinutes(30L * random.nextInt(STARTS_PER_DAY));
    return ZonedDateTime.of(day, time, ZONE).toInstant();
  }

  private static AppointmentId pick(List<AppointmentId> booked, Random random) {
    if (booked.isEmpty()) {
      throw new NoneBookedYet();
    }
    return booked.get(random.nextInt(booked.size()));
  }

  private static void sleepUntil(long millis) {
    try {
      Thread.sleep(Math.max(0, millis - System.currentTimeMillis()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Nothing to move or cancel yet in this node. */
  private static final class NoneBookedYet extends RuntimeException {
    private static final long serialVersionUID = 1L;

    NoneBookedYet() {
      super(null, null, false, false);
    }
  }
}
