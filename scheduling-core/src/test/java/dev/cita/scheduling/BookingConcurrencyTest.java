package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads race for one slot, released together by a start gate, over many rounds. Exactly as
 * many win as the slot has seats; the others get {@link SlotUnavailableException}; the store holds
 * exactly the winners.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BookingConcurrencyTest {
  private static final int THREADS = 32;
  private static final int ROUNDS = 50;

  /**
   * The idempotency race needs a thread to see the key claimed but not yet committed: more rounds.
   */
  private static final int IDEMPOTENCY_ROUNDS = 200;

  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(THREADS);
  }

  @AfterAll
  static void stopPool() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
  }

  /** What one racing thread got: an appointment or an exception. */
  private record Outcome(Appointment appointment, Throwable error) {}

  /** Runs {@code THREADS} tasks that all start at once; returns what each got. */
  private static List<Outcome> race(IntFunction<Callable<Appointment>> task) throws Exception {
    CountDownLatch ready = new CountDownLatch(THREADS);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<Outcome>> futures = new ArrayList<>();
    for (int i = 0; i < THREADS; i++) {
      Callable<Appointment> call = task.apply(i);
      futures.add(
          pool.submit(
              () -> {
                ready.countDown();
                go.await();
                try {
                  return new Outcome(call.call(), null);
                } catch (RuntimeException e) {
                  return new Outcome(null, e);
                }
              }));
    }
    assertThat(ready.await(10, TimeUnit.SECONDS)).as("all threads at the gate").isTrue();
    go.countDown();
    List<Outcome> outcomes = new ArrayList<>();
    for (Future<Outcome> f : futures) {
      try {
        outcomes.add(f.get(10, TimeUnit.SECONDS));
      } catch (ExecutionException e) {
        throw new AssertionError("a racing thread failed unexpectedly", e.getCause());
      }
    }
    return outcomes;
  }

  private static List<Appointment> winners(List<Outcome> outcomes) {
    return outcomes.stream()
        .filter(o -> o.appointment() != null)
        .map(Outcome::appointment)
        .toList();
  }

  private static List<Throwable> losers(List<Outcome> outcomes) {
    return outcomes.stream().filter(o -> o.error() != null).map(Outcome::error).toList();
  }

  @Test
  void oneSeatOneWinner() throws Exception {
    Instant start = at(TUE, "10:00");
    for (int round = 0; round < ROUNDS; round++) {
      BookingFixture fx = new BookingFixture();
      BookingService service = fx.service();

      List<Outcome> outcomes =
          race(i -> () -> service.book(request(start, "Cliente " + i).build()));

      assertThat(winners(outcomes)).as("round %d winners", round).hasSize(1);
      assertThat(losers(outcomes))
          .as("round %d losers", round)
          .hasSize(THREADS - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(SlotUnavailableException.class));
      Appointment winner = winners(outcomes).get(0);
      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(
              fx.appointments.findTimeHolding(TENANT, ANA, start, start.plus(CONSULT.duration())))
          .containsExactly(winner);
    }
  }

  @Test
  void fiveSeatsFiveWinners() throws Exception {
    AppointmentType yoga =
        AppointmentType.builder("yoga", "Yoga", Duration.ofMinutes(60)).seats(5).build();
    Instant start = at(TUE, "10:00");
    for (int round = 0; round < ROUNDS; round++) {
      BookingFixture fx = new BookingFixture();
      fx.schedules.saveAppointmentType(TENANT, yoga);
      BookingService service = fx.service();

      List<Outcome> outcomes =
          race(i -> () -> service.book(request(ANA, yoga, start, "Alumno " + i).build()));

      List<Appointment> winners = winners(outcomes);
      assertThat(winners).as("round %d winners", round).hasSize(5);
      assertThat(winners).extracting(Appointment::id).doesNotHaveDuplicates();
      assertThat(losers(outcomes))
          .as("round %d losers", round)
          .hasSize(THREADS - 5)
          .allSatisfy(e -> assertThat(e).isInstanceOf(SlotUnavailableException.class));
      assertThat(fx.appointments.size()).isEqualTo(5);
      assertThat(fx.appointments.findTimeHolding(TENANT, ANA, start, start.plus(yoga.duration())))
          .containsExactlyInAnyOrderElementsOf(winners);
      List<TimeSlot> slots =
          service.findSlots(SlotQuery.forResource(TENANT, ANA, yoga.id(), TUE, TUE));
      assertThat(slots).extracting(TimeSlot::start).doesNotContain(start);
    }
  }

  @Test
  void sameIdempotencyKeyGivesOneAppointment() throws Exception {
    Instant start = at(TUE, "10:00");
    for (int round = 0; round < IDEMPOTENCY_ROUNDS; round++) {
      BookingFixture fx = new BookingFixture();
      BookingService service = fx.service();
      String key = "wa-msg-" + round;

      List<Outcome> outcomes =
          race(i -> () -> service.book(request(start, "Camila Rojas").idempotencyKey(key).build()));

      assertThat(losers(outcomes)).as("round %d errors", round).isEmpty();
      List<Appointment> results = winners(outcomes);
      assertThat(results).hasSize(THREADS);
      assertThat(results)
          .extracting(Appointment::id)
          .as("round %d ids", round)
          .containsOnly(results.get(0).id());
      assertThat(fx.appointments.size()).isEqualTo(1);
      assertThat(service.appointment(TENANT, results.get(0).id())).contains(results.get(0));
    }
  }

  /**
   * The same race made deterministic: the first request has claimed its key and is paused inside
   * the store's insert when the retry arrives. Both must end with the one appointment.
   */
  @Test
  void retryWhileTheFirstAttemptIsStillBeingWrittenGetsTheSameAppointment() throws Exception {
    BookingFixture fx = new BookingFixture();
    CountDownLatch firstInsideInsert = new CountDownLatch(1);
    CountDownLatch releaseFirst = new CountDownLatch(1);
    AtomicInteger inserts = new AtomicInteger();
    AppointmentStore pausing =
        new AppointmentStore() {
          @Override
          public Appointment insert(
              Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
            if (inserts.incrementAndGet() == 1) {
              firstInsideInsert.countDown();
              try {
                assertThat(releaseFirst.await(10, TimeUnit.SECONDS)).isTrue();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
              }
            }
            return fx.appointments.insert(appointment, check, outbox);
          }

          @Override
          public Appointment update(
              Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
            return fx.appointments.update(appointment, check, outbox);
          }

          @Override
          public Optional<Appointment> find(TenantId tenant, AppointmentId id) {
            return fx.appointments.find(tenant, id);
          }

          @Override
          public Optional<Appointment> findByExternalRef(
              TenantId tenant, String provider, String externalId) {
            return fx.appointments.findByExternalRef(tenant, provider, externalId);
          }

          @Override
          public List<Appointment> findTimeHolding(
              TenantId tenant, ResourceId resource, Instant from, Instant to) {
            return fx.appointments.findTimeHolding(tenant, resource, from, to);
          }

          @Override
          public List<Appointment> findStartingBetween(TenantId tenant, Instant from, Instant to) {
            return fx.appointments.findStartingBetween(tenant, from, to);
          }
        };
    BookingService service = fx.serviceBuilder().appointmentStore(pausing).build();
    BookingRequest req = request(at(TUE, "10:00"), "Camila Rojas").idempotencyKey("wa-SM1").build();

    Future<Appointment> first = pool.submit(() -> service.book(req));
    assertThat(firstInsideInsert.await(10, TimeUnit.SECONDS)).isTrue();
    Appointment retry = service.book(req);
    releaseFirst.countDown();
    Appointment original = first.get(10, TimeUnit.SECONDS);

    assertThat(retry).isEqualTo(original);
    assertThat(inserts.get()).isEqualTo(2);
    assertThat(fx.appointments.size()).isEqualTo(1);
    assertThat(fx.idempotency.find(TENANT, "wa-SM1"))
        .get()
        .extracting(r -> r.appointmentId())
        .isEqualTo(original.id());
  }

  @Test
  void sameIdempotencyKeyForAFullSlotFailsEveryoneAndWritesNothing() throws Exception {
    Instant start = at(TUE, "10:00");
    for (int round = 0; round < ROUNDS / 4; round++) {
      BookingFixture fx = new BookingFixture();
      BookingService service = fx.service();
      service.book(request(start, "Pedro").build());

      List<Outcome> outcomes =
          race(i -> () -> service.book(request(start, "Camila").idempotencyKey("k").build()));

      assertThat(winners(outcomes)).isEmpty();
      assertThat(losers(outcomes))
          .allSatisfy(e -> assertThat(e).isInstanceOf(SlotUnavailableException.class));
      assertThat(fx.appointments.size()).isEqualTo(1);
    }
  }

  @Test
  void adjacentSlotsBookedConcurrentlyAllSucceed() throws Exception {
    // Sanity check that the lock does not refuse bookings that do not conflict.
    BookingFixture fx = new BookingFixture();
    fx.schedules.saveSchedule(
        TENANT,
        ANA,
        dev.cita.scheduling.availability.Schedule.builder(BookingFixture.SANTIAGO)
            .weeklyHours(
                dev.cita.scheduling.availability.WeeklyHours.builder()
                    .add(java.time.DayOfWeek.TUESDAY, "08:00", "24:00")
                    .build())
            .build());
    BookingService service = fx.service();

    List<Outcome> outcomes =
        race(
            i ->
                () ->
                    service.book(
                        request(
                                at(TUE, "08:00").plus(CONSULT.duration().multipliedBy(i)),
                                "Cliente " + i)
                            .build()));

    assertThat(losers(outcomes)).isEmpty();
    assertThat(fx.appointments.size()).isEqualTo(THREADS);
  }
}
