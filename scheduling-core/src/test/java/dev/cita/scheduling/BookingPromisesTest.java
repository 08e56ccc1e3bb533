package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.WED;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Keep the booking promises": idempotency double booking, idempotency semantics,
 * reschedule retries, the refusal reason of {@link SlotUnavailableException} and the length limits,
 * on the in-memory stores.
 */
class BookingPromisesTest {
  private static final AppointmentType GROUP =
      AppointmentType.builder("group", "Taller", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(14))
          .seats(3)
          .build();

  private BookingFixture fx;

  @BeforeEach
  void setUp() {
    fx = new BookingFixture();
    fx.schedules.saveAppointmentType(TENANT, GROUP);
  }

  /**
   * Issue 14, "Double booking through the idempotency path": A claims K and waits, B sees the claim
   * and waits, A's check fails (full) and it releases K, two cancels free seats, B inserts the
   * claimed id, A retries. Before the fix A's retry claimed K afresh and booked a second
   * appointment.
   */
  @Test
  void aReleasedClaimNeverLetsOneKeyNameTwoAppointments() throws Exception {
    BookingService plain = fx.service();
    Instant start = at(TUE, "10:00");
    List<Appointment> holders = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      holders.add(plain.book(request(ANA, GROUP, start, "Cliente " + i).build()));
    }
    GatedStore gated = new GatedStore(fx.appointments);
    BookingService service = fx.serviceBuilder().appointmentStore(gated).build();
    BookingRequest k = request(ANA, GROUP, start, "Camila").idempotencyKey("K").build();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Appointment> a = pool.submit(() -> service.book(k));
      gated.awaitWaiting(1);
      Future<Appointment> b = pool.submit(() -> service.book(k));
      gated.awaitWaiting(2);
      gated.open(0); // A checks against the full slot and fails
      assertThatThrownBy(a::get).hasCauseInstanceOf(SlotUnavailableException.class);
      plain.cancel(TENANT, holders.get(0).id());
      plain.cancel(TENANT, holders.get(1).id());
      gated.open(1); // B inserts the id it saw claimed
      Appointment byB = b.get(10, TimeUnit.SECONDS);

      Appointment retried = service.book(k); // A retries the same request

      assertThat(retried.id()).isEqualTo(byB.id());
      assertThat(withKey("K")).hasSize(1);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * Issue 22: a booking reads only the appointments within the longest buffer of its slot (the
   * whole local day only when a daily cap needs it); an appointment whose 24-hour buffer reaches
   * the candidate a day later is still among them.
   */
  @Test
  void anAppointmentsLongestBufferStillRefusesAStartADayLater() {
    AppointmentType guard =
        AppointmentType.builder("guard", "Turno", Duration.ofMinutes(30))
            .bufferAfter(AppointmentType.MAX_BUFFER)
            .horizon(Duration.ofDays(14))
            .build();
    fx.schedules.saveAppointmentType(TENANT, guard);
    BookingService service = fx.service();
    service.book(request(ANA, guard, at(TUE, "09:00"), "Camila").build());

    assertThatThrownBy(() -> service.book(request(at(WED, "09:00"), "Bruno").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(SlotUnavailableException.Reason.OTHER_APPOINTMENT));
    assertThat(service.book(request(at(WED, "09:30"), "Bruno").build()).start())
        .as("the first start the buffer leaves free")
        .isEqualTo(at(WED, "09:30"));
  }

  /** Issue 14: the store itself refuses a second appointment with a key, naming the holder. */
  @Test
  void theInMemoryStoreRefusesASecondAppointmentWithTheSameKey() {
    Appointment first =
        fx.service().book(request(at(TUE, "10:00"), "Camila").idempotencyKey("K").build());
    Appointment second =
        first.toBuilder()
            .id(AppointmentId.of("other"))
            .start(at(TUE, "11:00"))
            .end(at(TUE, "11:30"))
            .build();

    assertThatThrownBy(() -> fx.appointments.insert(second, ConflictCheck.none()))
        .isInstanceOfSatisfying(
            DuplicateAppointmentException.class, e -> assertThat(e.id()).isEqualTo(first.id()));
    assertThat(fx.appointments.size()).isEqualTo(1);
  }

  /** Issue 14, "Idempotency semantics": a replay returns the original appointment as it is now. */
  @Test
  void aReplayAfterACancelReturnsTheCancelledAppointmentAndBooksNothing() {
    BookingService service = fx.service();
    BookingRequest req = request(at(TUE, "10:00"), "Camila").idempotencyKey("wa-1").build();
    Appointment first = service.book(req);
    service.cancel(TENANT, first.id());

    Appointment replay = service.book(req);

    assertThat(replay.id()).isEqualTo(first.id());
    assertThat(replay.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(fx.appointments.size()).isEqualTo(1);
  }

  /**
   * A store whose first insert loses the connection, after its commit or before it, and reports the
   * outcome as unknown.
   */
  private AppointmentStore losingItsFirstInsert(boolean afterCommit) {
    AtomicInteger calls = new AtomicInteger();
    return new ForwardingAppointmentStore(fx.appointments) {
      @Override
      public Appointment insert(Appointment a, ConflictCheck check, List<OutboxEntry> outbox) {
        boolean first = calls.getAndIncrement() == 0;
        if (first && !afterCommit) {
          throw new OutcomeUnknownException("connection lost before commit", null);
        }
        Appointment stored = super.insert(a, check, outbox);
        if (first) {
          throw new OutcomeUnknownException("connection lost after commit", null);
        }
        return stored;
      }
    };
  }

  /** Issue 14: a lost connection keeps the claim; the retry with the same key books once. */
  @Test
  void anUnknownOutcomeKeepsTheClaimAndTheRetryBooksOnce() {
    BookingService service =
        fx.serviceBuilder().appointmentStore(losingItsFirstInsert(true)).build();
    BookingRequest req = request(at(TUE, "10:00"), "Camila").idempotencyKey("k").build();

    assertThatThrownBy(() -> service.book(req)).isInstanceOf(OutcomeUnknownException.class);
    assertThat(fx.idempotency.find(TENANT, "k")).isPresent();
    Appointment retried = service.book(req);

    assertThat(fx.appointments.size()).isEqualTo(1);
    assertThat(retried.idempotencyKey()).contains("k");
  }

  /**
   * A lost connection before the commit keeps the claim too: while it stands, another request with
   * the key is refused, though no appointment holds the key yet.
   */
  @Test
  void aKeyClaimedByAWriteOfUnknownOutcomeCannotCarryAnotherRequest() {
    BookingService service =
        fx.serviceBuilder().appointmentStore(losingItsFirstInsert(false)).build();
    assertThatThrownBy(
            () -> service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("k").build()))
        .isInstanceOf(OutcomeUnknownException.class);

    assertThatThrownBy(
            () -> service.book(request(at(TUE, "11:00"), "Pedro").idempotencyKey("k").build()))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(fx.appointments.size()).isZero();
  }

  /**
   * A store on which {@code service} confirms the appointment just before the first update writes.
   */
  private AppointmentStore confirmedBeforeFirstUpdate(BookingService service, AtomicInteger calls) {
    return new ForwardingAppointmentStore(fx.appointments) {
      @Override
      public Appointment update(Appointment a, ConflictCheck check, List<OutboxEntry> outbox) {
        if (calls.getAndIncrement() == 0) {
          service.confirm(TENANT, a.id()); // someone else writes first
        }
        return super.update(a, check, outbox);
      }
    };
  }

  /** Issue 14: reschedule retries a stale version the way cancel and confirm do (was: failed). */
  @Test
  void rescheduleRetriesAStaleVersion() {
    BookingService service = fx.service();
    Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
    AtomicInteger calls = new AtomicInteger();
    AppointmentStore racing = confirmedBeforeFirstUpdate(service, calls);
    BookingService mover = fx.serviceBuilder().appointmentStore(racing).build();

    Appointment moved = mover.reschedule(TENANT, booked.id(), at(TUE, "11:00"));

    assertThat(moved.start()).isEqualTo(at(TUE, "11:00"));
    assertThat(moved.version()).isEqualTo(2);
  }

  /** A cancel that loses a version race re-reads and applies on top; three lost races fail it. */
  @Test
  void aStatusChangeRetriesAStaleVersionThreeTimes() {
    BookingService service = fx.service();
    Appointment booked = service.book(request(at(TUE, "10:00"), "Camila").build());
    AtomicInteger calls = new AtomicInteger();

    Appointment cancelled =
        fx.serviceBuilder()
            .appointmentStore(confirmedBeforeFirstUpdate(service, calls))
            .build()
            .cancel(TENANT, booked.id());

    assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(cancelled.version()).isEqualTo(2);
    assertThat(calls).hasValue(2);

    Appointment other = service.book(request(at(TUE, "11:00"), "Pedro").build());
    AtomicInteger lost = new AtomicInteger();
    BookingService loser = fx.serviceBuilder().appointmentStore(alwaysStale(lost)).build();

    assertThatThrownBy(() -> loser.confirm(TENANT, other.id()))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(lost).hasValue(3);
    assertThat(service.appointment(TENANT, other.id()).orElseThrow().status())
        .isEqualTo(AppointmentStatus.SCHEDULED);
  }

  /** A store on which every update loses a version race, counting the attempts in {@code lost}. */
  private AppointmentStore alwaysStale(AtomicInteger lost) {
    return new ForwardingAppointmentStore(fx.appointments) {
      @Override
      public Appointment update(Appointment a, ConflictCheck check, List<OutboxEntry> outbox) {
        lost.incrementAndGet();
        throw new ConcurrentUpdateException("stale version");
      }
    };
  }

  /** A move re-reads and tries again after a lost version race, as a cancel does; three fail it. */
  @Test
  void aMoveGivesUpAfterThreeLostVersionRaces() {
    Appointment booked = fx.service().book(request(at(TUE, "10:00"), "Camila").build());
    AtomicInteger lost = new AtomicInteger();
    BookingService mover = fx.serviceBuilder().appointmentStore(alwaysStale(lost)).build();

    assertThatThrownBy(() -> mover.reschedule(TENANT, booked.id(), at(TUE, "11:00")))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(lost).hasValue(3);
    assertThat(fx.appointments.find(TENANT, booked.id()).orElseThrow().start())
        .isEqualTo(at(TUE, "10:00"));
  }

  @Test
  void movingAnAppointmentWhoseTypeIsGoneIsNotFound() {
    Appointment booked = fx.service().book(request(at(TUE, "10:00"), "Camila").build());
    InMemoryScheduleStore withoutTypes = new InMemoryScheduleStore();
    withoutTypes.saveSchedule(TENANT, ANA, BookingFixture.weekdayMornings());
    BookingService service = fx.serviceBuilder().scheduleStore(withoutTypes).build();

    assertThatThrownBy(() -> service.reschedule(TENANT, booked.id(), at(TUE, "11:00")))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("appointment type not found: consult");
  }

  /**
   * A key whose claim was purged while its appointment stays still names that appointment: another
   * request with it is refused, and its own claim is released again.
   */
  @Test
  void aKeyWhoseClaimWasPurgedCannotCarryAnotherRequest() {
    BookingService service = fx.service();
    service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("k").build());
    fx.idempotency.remove(TENANT, "k");

    assertThatThrownBy(
            () -> service.book(request(at(TUE, "11:00"), "Pedro").idempotencyKey("k").build()))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(fx.idempotency.find(TENANT, "k")).isEmpty();
    assertThat(fx.appointments.size()).isEqualTo(1);
  }

  /** A store that reports this request's own id as taken but cannot find it: its error stands. */
  @Test
  void aDuplicateTheStoreCannotFindIsPassedOn() {
    AppointmentStore vanishing =
        new ForwardingAppointmentStore(fx.appointments) {
          @Override
          public Appointment insert(Appointment a, ConflictCheck check, List<OutboxEntry> outbox) {
            throw new DuplicateAppointmentException(a.id());
          }
        };
    BookingService service = fx.serviceBuilder().appointmentStore(vanishing).build();

    assertThatThrownBy(
            () -> service.book(request(at(TUE, "10:00"), "Camila").idempotencyKey("k").build()))
        .isInstanceOf(DuplicateAppointmentException.class);
    assertThat(fx.appointments.size()).isZero();
  }

  /** Issue 14: racing moves of one appointment all succeed (distinct free targets). */
  @Test
  void racingMovesOfOneAppointmentDoNotFailOnStaleVersions() throws Exception {
    BookingService service = fx.service();
    Appointment booked = service.book(request(at(TUE, "09:00"), "Camila").build());
    String[] targets = {"10:00", "10:30", "11:00", "11:30"};
    AtomicInteger stale = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<Void>> runs = new ArrayList<>();
    for (String t : targets) {
      runs.add(
          CompletableFuture.runAsync(
              () -> {
                try {
                  go.await();
                  for (int i = 0; i < 50; i++) {
                    try {
                      service.reschedule(TENANT, booked.id(), at(TUE, t));
                    } catch (ConcurrentUpdateException e) {
                      stale.incrementAndGet();
                    }
                  }
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              }));
    }
    go.countDown();
    CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

    // Three attempts each; with four racers an attempt loses at most to three others in a row,
    // rarely: the failures stay far below the 200 moves made. The bound leaves room for a loaded
    // machine, where each move takes longer and racers overlap more.
    assertThat(stale.get()).isLessThan(40);
    assertThat(service.appointment(TENANT, booked.id()).orElseThrow().version())
        .isEqualTo(200L - stale.get());
  }

  /**
   * Issue 14: SlotUnavailableException names the rule; a buffer conflict no longer reads "busy
   * time".
   */
  @Test
  void refusalsNameTheirRule() {
    AppointmentType buffered =
        AppointmentType.builder("buffered", "Con margen", Duration.ofMinutes(30))
            .bufferAfter(Duration.ofMinutes(30))
            .minimumNotice(Duration.ofHours(2))
            .horizon(Duration.ofDays(14))
            .build();
    AppointmentType capped =
        AppointmentType.builder("capped", "Uno al día", Duration.ofMinutes(30))
            .maxPerDay(1)
            .minimumNotice(Duration.ofHours(2))
            .horizon(Duration.ofDays(14))
            .build();
    AppointmentType single =
        CONSULT.toBuilder()
            .id(dev.cita.scheduling.model.AppointmentTypeId.of("one"))
            .seats(1)
            .build();
    fx.schedules.saveAppointmentType(TENANT, buffered);
    fx.schedules.saveAppointmentType(TENANT, capped);
    fx.schedules.saveAppointmentType(TENANT, single);
    fx.schedules.saveSchedule(
        TENANT,
        ANA,
        BookingFixture.weekdayMornings().toBuilder()
            .timeOff(TimeOff.between(at(TUE, "12:00"), at(TUE, "12:30")))
            .build());
    InMemoryCalendarProvider google =
        new InMemoryCalendarProvider("google")
            .addBusy(TENANT, ANA, TimeInterval.of(at(TUE, "12:30"), at(TUE, "13:00")));
    BookingService service = fx.serviceBuilder().calendarProvider(google).build();
    service.book(request(ANA, buffered, at(TUE, "09:00"), "Camila").build());
    for (int i = 0; i < 3; i++) {
      service.book(request(ANA, GROUP, at(TUE, "10:00"), "Grupo " + i).build());
    }
    service.book(request(ANA, capped, at(TUE, "11:00"), "Pedro").build());

    assertReason(
        service,
        request(ANA, CONSULT, at(TUE, "09:30"), "x"),
        SlotUnavailableException.Reason.OTHER_APPOINTMENT,
        "another appointment or its buffer");
    assertReason(
        service,
        request(ANA, CONSULT, at(TUE, "12:00"), "x"),
        SlotUnavailableException.Reason.TIME_OFF,
        "time off");
    assertReason(
        service,
        request(ANA, CONSULT, at(TUE, "12:30"), "x"),
        SlotUnavailableException.Reason.EXTERNAL_BUSY,
        "busy time in a connected calendar");
    assertReason(
        service,
        request(ANA, GROUP, at(TUE, "10:00"), "x"),
        SlotUnavailableException.Reason.SEATS_TAKEN,
        "seat");
    assertReason(
        service,
        request(ANA, capped, at(TUE, "11:30"), "x"),
        SlotUnavailableException.Reason.DAILY_LIMIT,
        "daily limit");
    assertReason(
        service,
        request(ANA, CONSULT, at(BookingFixture.MON, "10:00"), "x"),
        SlotUnavailableException.Reason.TOO_SOON,
        "notice");
    assertReason(
        service,
        request(ANA, CONSULT, at(TUE.plusDays(28), "10:00"), "x"),
        SlotUnavailableException.Reason.BEYOND_HORIZON,
        "horizon");
    assertReason(
        service,
        request(ANA, CONSULT, at(TUE, "17:00"), "x"),
        SlotUnavailableException.Reason.OUTSIDE_HOURS,
        "opening hours");
    assertThat(new SlotUnavailableException("custom").reason())
        .isEqualTo(SlotUnavailableException.Reason.UNSPECIFIED);
  }

  /** Issue 14, "Field length limits agree": the core refuses what the schema could not hold. */
  @Test
  void lengthLimitsAreTheModelConstants() {
    String key = "k".repeat(Appointment.MAX_IDEMPOTENCY_KEY_LENGTH);
    assertThat(request(at(TUE, "10:00"), "Camila").idempotencyKey(key).build().idempotencyKey())
        .contains(key);
    assertThatThrownBy(() -> request(at(TUE, "10:00"), "Camila").idempotencyKey(key + "k").build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
    assertThatThrownBy(
            () ->
                request(at(TUE, "10:00"), "Camila")
                    .notes("n".repeat(Appointment.MAX_NOTES_LENGTH + 1))
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("booking.notes"));
    assertThatThrownBy(
            () ->
                request(at(TUE, "10:00"), "Camila")
                    .location("l".repeat(Appointment.MAX_LOCATION_LENGTH + 1))
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("booking.location"));
    assertThatThrownBy(
            () ->
                BookingFixture.attendee(
                    "n".repeat(dev.cita.scheduling.model.Attendee.MAX_NAME_LENGTH + 1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("attendee.name"));
    assertThatThrownBy(() -> TenantId.of("t".repeat(TenantId.MAX_LENGTH + 1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("tenantId"));
    assertThatThrownBy(() -> ResourceId.of("r".repeat(ResourceId.MAX_LENGTH + 1)))
        .isInstanceOf(ValidationException.class);
    assertThat(TenantId.of("t".repeat(TenantId.MAX_LENGTH)).value()).hasSize(TenantId.MAX_LENGTH);
  }

  private static void assertReason(
      BookingService service,
      BookingRequest.Builder request,
      SlotUnavailableException.Reason reason,
      String words) {
    assertThatThrownBy(() -> service.book(request.build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
              assertThat(e.getMessage()).contains(words);
            });
  }

  private List<Appointment> withKey(String key) {
    return fx
        .appointments
        .findStartingBetween(TENANT, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z"))
        .stream()
        .filter(a -> a.idempotencyKey().filter(key::equals).isPresent())
        .toList();
  }

  /** Holds the n-th insert until {@link #open(int)} is called with n: fixes the order of racers. */
  static final class GatedStore extends ForwardingAppointmentStore {
    private final AtomicInteger arrivals = new AtomicInteger();
    private final CountDownLatch[] gates = {new CountDownLatch(1), new CountDownLatch(1)};
    private final java.util.concurrent.Semaphore waiting = new java.util.concurrent.Semaphore(0);

    GatedStore(AppointmentStore delegate) {
      super(delegate);
    }

    @Override
    public Appointment insert(Appointment a, ConflictCheck check, List<OutboxEntry> outbox) {
      int n = arrivals.getAndIncrement();
      if (n < gates.length) {
        waiting.release();
        try {
          gates[n].await();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IllegalStateException(e);
        }
      }
      return super.insert(a, check, outbox);
    }

    void awaitWaiting(int total) throws InterruptedException {
      assertThat(waiting.tryAcquire(1, 10, TimeUnit.SECONDS))
          .as("insert " + total + " arrived")
          .isTrue();
    }

    void open(int n) {
      gates[n].countDown();
    }
  }
}
