package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.MON;
import static dev.cita.scheduling.BookingFixture.NOW;
import static dev.cita.scheduling.BookingFixture.SANTIAGO;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.WED;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.BusySource;
import dev.cita.scheduling.spi.OpenWindows;
import dev.cita.scheduling.sync.AvailabilityCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A resource whose hours come from a provider ({@code Schedule.hoursFrom("calcom")}): slots only in
 * the provider's cached windows and never a network call while finding them; a booking re-checked
 * against the cache, read once from the provider on a miss within a bounded wait, and refused as
 * HOURS_UNKNOWN, never booked, when the time is still unknown.
 */
class ProviderHoursTest {
  private final BookingFixture fx = new BookingFixture();
  private final AvailabilityCache cache = new AvailabilityCache();

  /** The ranges the provider was asked to read, in order. */
  private final List<TimeInterval> reads = new CopyOnWriteArrayList<>();

  /** What the provider says when read: the windows it reports within the asked range. */
  private volatile List<TimeInterval> providerWindows = List.of();

  private volatile RuntimeException providerFailure;
  private final CountDownLatch providerAnswers = new CountDownLatch(1);
  private volatile boolean providerHangs;
  private final AvailabilitySource calcom = cache.source("calcom", this::readProvider);

  private void readProvider(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    reads.add(range);
    if (providerHangs) {
      try {
        providerAnswers.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (providerFailure != null) {
      throw providerFailure;
    }
    cache.replaceWindow(
        tenant,
        resource,
        type,
        range,
        providerWindows.stream().filter(w -> w.overlaps(range)).toList(),
        fx.clock.instant());
  }

  private static TimeInterval slot(Instant start) {
    return TimeInterval.of(start, Duration.ofMinutes(30));
  }

  /**
   * Tuesday's windows on Cal.com: 09:00, 09:30 and 15:00 (Cita's own hours would be 09:00–13:00).
   */
  private static final List<TimeInterval> TUESDAY =
      List.of(slot(at(TUE, "09:00")), slot(at(TUE, "09:30")), slot(at(TUE, "15:00")));

  /** What the background refresher would have read: two weeks from now. */
  private void refreshedInTheBackground(List<TimeInterval> windows) {
    cache.replaceWindow(
        TENANT, ANA, CONSULT.id(), TimeInterval.of(NOW, Duration.ofDays(14)), windows, NOW);
  }

  private BookingService service;

  @BeforeEach
  void setUp() {
    fx.schedules.saveSchedule(TENANT, ANA, Schedule.builder(SANTIAGO).hoursFrom("calcom").build());
    service =
        fx.serviceBuilder()
            .availabilitySource(calcom)
            .availabilityRefreshTimeout(Duration.ofMillis(300))
            .build();
  }

  @AfterEach
  void letTheProviderGo() {
    providerAnswers.countDown();
  }

  private List<Instant> free(java.time.LocalDate from, java.time.LocalDate to) {
    return service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), from, to)).stream()
        .map(TimeSlot::start)
        .toList();
  }

  @Test
  void slotsAreTheProvidersWindowsWithCitasOwnRulesAppliedInsideThem() {
    List<TimeInterval> windows = new ArrayList<>(TUESDAY);
    windows.add(slot(at(MON, "10:00"))); // inside the two hours' notice
    windows.add(slot(at(MON, "11:30")));
    refreshedInTheBackground(windows);
    service.book(request(at(TUE, "09:30"), "Pia").build());

    assertThat(free(MON, WED))
        .containsExactly(at(MON, "11:30"), at(TUE, "09:00"), at(TUE, "15:00"));
    assertThat(reads).as("finding slots never calls the provider").isEmpty();
  }

  @Test
  void timeTheCacheHasNotReadOffersNothingAndCallsNoProvider() {
    assertThat(free(MON, WED)).isEmpty();

    cache.replaceWindow(
        TENANT,
        ANA,
        CONSULT.id(),
        TimeInterval.of(at(TUE, "00:00"), Duration.ofDays(1)),
        TUESDAY,
        NOW);
    assertThat(free(MON, WED))
        .as("only the day that was read")
        .containsExactly(at(TUE, "09:00"), at(TUE, "09:30"), at(TUE, "15:00"));
    assertThat(reads).isEmpty();
  }

  @Test
  void aTimeOutsideTheProvidersWindowsIsRefusedAsOutsideHoursWithoutCallingIt() {
    refreshedInTheBackground(TUESDAY);

    assertThatThrownBy(() -> service.book(request(at(TUE, "10:00"), "Pia").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    assertThat(reads).isEmpty();
    assertThat(fx.appointments.findTimeHolding(TENANT, ANA, NOW, NOW.plus(Duration.ofDays(14))))
        .isEmpty();
    assertThat(service.book(request(at(TUE, "15:00"), "Pia").build()).status())
        .isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void aBookingTheCacheMissesReadsTheProviderOnceForThatTimeAndIsCheckedAgainstItsAnswer() {
    providerWindows = TUESDAY;

    Appointment booked = service.book(request(at(TUE, "15:00"), "Pia").build());
    assertThatThrownBy(() -> service.book(request(at(TUE, "16:00"), "Beto").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));

    assertThat(booked.start()).isEqualTo(at(TUE, "15:00"));
    assertThat(reads).containsExactly(slot(at(TUE, "15:00")), slot(at(TUE, "16:00")));
    service.book(request(at(TUE, "09:00"), "Carla").build());
    assertThat(reads).as("09:00 was not read yet").hasSize(3);
    service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE));
    assertThat(reads).hasSize(3);
  }

  @Test
  void aProviderThatDoesNotAnswerInTimeRefusesTheBookingAsHoursUnknownAndWritesNothing() {
    providerWindows = TUESDAY;
    providerHangs = true;
    long started = System.nanoTime();

    assertThatThrownBy(
            () -> service.book(request(at(TUE, "15:00"), "Pia").idempotencyKey("k-1").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.HOURS_UNKNOWN);
              assertThat(e.getMessage())
                  .contains("calcom")
                  .contains("did not answer within PT0.3S");
            });

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    assertThat(fx.appointments.findTimeHolding(TENANT, ANA, NOW, NOW.plus(Duration.ofDays(14))))
        .isEmpty();
    // The read finishes later and fills the cache: the same request, with the same key, then books.
    providerAnswers.countDown();
    waitUntil(
        () ->
            cache
                .openWindows(TENANT, ANA, CONSULT.id(), slot(at(TUE, "15:00")))
                .isKnown(slot(at(TUE, "15:00"))));
    Appointment booked =
        service.book(request(at(TUE, "15:00"), "Pia").idempotencyKey("k-1").build());
    assertThat(booked.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(reads).hasSize(1);
  }

  @Test
  void aProviderThatFailsRefusesTheBookingAsHoursUnknownNamingTheFailure() {
    providerFailure =
        new ProviderException("calcom", 503, null, null, true, "Cal.com is down", null);

    assertThatThrownBy(() -> service.book(request(at(TUE, "15:00"), "Pia").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.HOURS_UNKNOWN);
              assertThat(e.getMessage()).contains("ProviderException").contains("Cal.com is down");
            });
  }

  @Test
  void anAnswerOlderThanTheMaximumAgeIsReadAgainBeforeBookingAndTheNewAnswerDecides() {
    refreshedInTheBackground(TUESDAY);
    providerWindows = TUESDAY.subList(0, 2); // 15:00 was taken on the Cal.com page meanwhile
    fx.clock.advance(Duration.ofMinutes(14));

    assertThat(service.book(request(at(TUE, "09:00"), "Pia").build()).status())
        .isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(reads).as("a 14-minute-old answer is fresh enough").isEmpty();

    fx.clock.advance(Duration.ofMinutes(2));
    assertThatThrownBy(() -> service.book(request(at(TUE, "15:00"), "Beto").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    assertThat(reads).containsExactly(slot(at(TUE, "15:00")));
    assertThat(fx.appointments.findTimeHolding(TENANT, ANA, NOW, NOW.plus(Duration.ofDays(14))))
        .hasSize(1);
  }

  @Test
  void aStaleAnswerStillDecidesWhenTheProviderCannotBeReadAgain() {
    refreshedInTheBackground(TUESDAY);
    providerFailure =
        new ProviderException("calcom", 503, null, null, true, "Cal.com is down", null);
    fx.clock.advance(Duration.ofHours(1));

    Appointment booked = service.book(request(at(TUE, "15:00"), "Pia").build());
    assertThatThrownBy(() -> service.book(request(at(TUE, "16:00"), "Beto").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));

    assertThat(booked.status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(reads).containsExactly(slot(at(TUE, "15:00")), slot(at(TUE, "16:00")));
  }

  @Test
  void aShorterMaximumAgeReadsTheProviderAgainSooner() {
    BookingService strict =
        fx.serviceBuilder()
            .availabilitySource(calcom)
            .availabilityRefreshTimeout(Duration.ofMillis(300))
            .availabilityMaxAge(Duration.ofMinutes(5))
            .build();
    refreshedInTheBackground(TUESDAY);
    providerWindows = TUESDAY.subList(0, 2); // 15:00 was taken on the Cal.com page meanwhile
    fx.clock.advance(Duration.ofMinutes(6));

    assertThatThrownBy(() -> strict.book(request(at(TUE, "15:00"), "Beto").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    assertThat(reads).containsExactly(slot(at(TUE, "15:00")));
  }

  @Test
  void aReplayOfABookingReturnsItWithoutReadingTheProviderAgain() {
    refreshedInTheBackground(TUESDAY);
    Appointment booked =
        service.book(request(at(TUE, "15:00"), "Pia").idempotencyKey("k-1").build());
    fx.clock.advance(Duration.ofHours(1)); // the cached answer is stale by now

    Appointment replay =
        service.book(request(at(TUE, "15:00"), "Pia").idempotencyKey("k-1").build());

    assertThat(replay).isEqualTo(booked);
    assertThat(reads).isEmpty();
  }

  @Test
  void theMaximumAgeMustBePositive() {
    assertThatThrownBy(() -> fx.serviceBuilder().availabilityMaxAge(Duration.ZERO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("availabilityMaxAge"));
  }

  @Test
  void aMoveIsCheckedAgainstTheProvidersHoursToo() {
    refreshedInTheBackground(TUESDAY);
    Appointment a = service.book(request(at(TUE, "09:00"), "Pia").build());

    assertThatThrownBy(() -> service.reschedule(TENANT, a.id(), at(TUE, "11:00")))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS));
    assertThat(service.reschedule(TENANT, a.id(), at(TUE, "15:00")).start())
        .isEqualTo(at(TUE, "15:00"));
    assertThat(reads).isEmpty();
  }

  @Test
  void timeOffAndOtherCalendarsBusyTimeStillBlockTheProvidersWindows() {
    fx.schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .hoursFrom("calcom")
            .timeOff(TimeOff.between(at(TUE, "09:00"), at(TUE, "09:30"), "trámite"))
            .build());
    BusySource personal =
        new BusySource() {
          @Override
          public String id() {
            return "google-personal";
          }

          @Override
          public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
            return List.of(slot(at(TUE, "15:00")));
          }
        };
    service = fx.serviceBuilder().availabilitySource(calcom).busySource(personal).build();
    refreshedInTheBackground(TUESDAY);

    assertThat(free(TUE, TUE)).containsExactly(at(TUE, "09:30"));
  }

  @Test
  void aScheduleNamingNoRegisteredSourceOffersNothingAndRefusesBookings() {
    BookingService without = fx.service();
    refreshedInTheBackground(TUESDAY);

    assertThat(without.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE)))
        .isEmpty();
    assertThatThrownBy(() -> without.book(request(at(TUE, "09:00"), "Pia").build()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.HOURS_UNKNOWN);
              assertThat(e.getMessage()).contains("not a registered availability source");
            });
  }

  @Test
  void aRegisteredBusySourceThatIsAlsoAnAvailabilitySourceIsFoundAndTwoWithOneIdAreRefused() {
    class CalComLike implements BusySource, AvailabilitySource {
      @Override
      public String id() {
        return "calcom";
      }

      @Override
      public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
        return List.of();
      }

      @Override
      public OpenWindows openWindows(
          TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
        return calcom.openWindows(tenant, resource, type, range);
      }

      @Override
      public void refresh(
          TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
        calcom.refresh(tenant, resource, type, range);
      }
    }
    refreshedInTheBackground(TUESDAY);
    BookingService found = fx.serviceBuilder().busySource(new CalComLike()).build();

    assertThat(found.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE)))
        .hasSize(3);
    assertThatThrownBy(
            () ->
                fx.serviceBuilder().availabilitySource(calcom).busySource(new CalComLike()).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("calcom");
    assertThatThrownBy(
            () -> fx.serviceBuilder().availabilitySource(calcom).availabilitySource(calcom))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("calcom");
    assertThatThrownBy(() -> fx.serviceBuilder().availabilityRefreshTimeout(Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("availabilityRefreshTimeout");
  }

  @Test
  void resourcesWithTheirOwnHoursAreUntouched() {
    assertThat(free(TUE, TUE)).isEmpty();
    assertThat(
            service.findSlots(
                SlotQuery.forResource(TENANT, BookingFixture.BEN, CONSULT.id(), TUE, TUE)))
        .hasSize(8);
  }

  private static void waitUntil(java.util.function.BooleanSupplier done) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out");
      }
      Thread.onSpinWait();
    }
  }
}
