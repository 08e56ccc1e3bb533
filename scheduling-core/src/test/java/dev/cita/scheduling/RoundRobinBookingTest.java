package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fair round robin ({@link AssignmentPolicy}, {@link BookingService#bookAnyOf}): 1,000 bookings
 * over four members, each at a distinct start at which all four are free, give each policy's
 * promised shares within one booking; priority tiers fall back only when the preferred tier is
 * taken.
 */
class RoundRobinBookingTest {
  static final TenantId TENANT = TenantId.of("peluqueria");
  static final ZoneId ZONE = ZoneOffset.UTC;
  static final ResourceId A = ResourceId.of("a");
  static final ResourceId B = ResourceId.of("b");
  static final ResourceId C = ResourceId.of("c");
  static final ResourceId D = ResourceId.of("d");
  static final List<ResourceId> TEAM = List.of(A, B, C, D);
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final AppointmentType CUT =
      AppointmentType.builder("cut", "Corte", Duration.ofMinutes(30))
          .minimumNotice(Duration.ZERO)
          .horizon(Duration.ofDays(120))
          .build();
  static final int BOOKINGS = 1000;

  final TestClock clock = new TestClock(NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final BookingService service;

  RoundRobinBookingTest() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    for (ResourceId member : TEAM) {
      schedules.saveSchedule(TENANT, member, everyDay());
    }
    schedules.saveAppointmentType(TENANT, CUT);
    service =
        BookingService.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .idempotencyStore(new InMemoryIdempotencyStore())
            .build();
  }

  /** 08:00–16:00 every day: 16 half-hour starts a day. */
  static Schedule everyDay() {
    return Schedule.builder(ZONE)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "08:00", "16:00").build())
        .build();
  }

  /** The {@code i}-th distinct start: 16 a day from 2 March 2026, 08:00 UTC. */
  static Instant start(int i) {
    return LocalDate.of(2026, 3, 2)
        .plusDays(i / 16)
        .atTime(8, 0)
        .plusMinutes(30L * (i % 16))
        .toInstant(ZoneOffset.UTC);
  }

  static BookingRequest request(Instant start, int n) {
    return BookingRequest.builder(
            TENANT, A, CUT.id(), start, Attendee.builder("Cliente " + n).build())
        .build();
  }

  /** Books {@link #BOOKINGS} distinct starts in order, one second apart; returns the members. */
  List<ResourceId> bookSequentially(AssignmentPolicy policy) {
    List<ResourceId> chosen = new ArrayList<>();
    for (int i = 0; i < BOOKINGS; i++) {
      clock.advance(Duration.ofSeconds(1));
      chosen.add(service.bookAnyOf(request(start(i), i), TEAM, policy).resource());
    }
    return chosen;
  }

  static Map<ResourceId, Integer> shares(List<ResourceId> chosen) {
    Map<ResourceId, Integer> shares = new HashMap<>();
    TEAM.forEach(m -> shares.put(m, 0));
    chosen.forEach(m -> shares.merge(m, 1, Integer::sum));
    return shares;
  }

  static void assertWithinOne(Map<ResourceId, Integer> shares, Map<ResourceId, Integer> promised) {
    promised.forEach(
        (m, n) -> assertThat(shares.get(m)).as("share of %s", m).isBetween(n - 1, n + 1));
  }

  /** Every member's count in one day or week is within one of every other's. */
  static void assertSpreadAtMostOne(Map<ResourceId, Integer> counts, String span) {
    List<Integer> n = TEAM.stream().map(m -> counts.getOrDefault(m, 0)).toList();
    assertThat(Collections.max(n) - Collections.min(n))
        .as("spread in %s: %s", span, n)
        .isLessThanOrEqualTo(1);
  }

  @Test
  void firstFreeGivesEveryBookingToTheFirstMember() {
    assertThat(shares(bookSequentially(AssignmentPolicy.firstFree())))
        .isEqualTo(Map.of(A, 1000, B, 0, C, 0, D, 0));
  }

  @Test
  void weightedOneOneTwoFourGivesTheWeightedShares() {
    AssignmentPolicy policy =
        AssignmentPolicy.weighted(Map.of(A, 1, B, 1, C, 2, D, 4), Duration.ofDays(366));
    assertWithinOne(shares(bookSequentially(policy)), Map.of(A, 125, B, 125, C, 250, D, 500));
  }

  @Test
  void leastRecentlyBookedRotatesThroughTheMembers() {
    List<ResourceId> chosen =
        bookSequentially(AssignmentPolicy.leastRecentlyBooked(Duration.ofDays(366)));
    for (int i = 0; i < chosen.size(); i++) {
      assertThat(chosen.get(i)).as("booking %d", i).isEqualTo(TEAM.get(i % 4));
    }
  }

  @Test
  void fewestInDayBalancesEveryDay() {
    List<ResourceId> chosen = bookSequentially(AssignmentPolicy.fewestInDay(ZONE));
    Map<LocalDate, Map<ResourceId, Integer>> perDay = new TreeMap<>();
    for (int i = 0; i < chosen.size(); i++) {
      perDay
          .computeIfAbsent(start(i).atZone(ZONE).toLocalDate(), d -> new HashMap<>())
          .merge(chosen.get(i), 1, Integer::sum);
    }
    assertThat(perDay).hasSize(63);
    perDay.forEach((day, counts) -> assertSpreadAtMostOne(counts, "day " + day));
    assertWithinOne(shares(chosen), Map.of(A, 250, B, 250, C, 250, D, 250));
  }

  @Test
  void fewestInWeekBalancesEveryWeek() {
    List<ResourceId> chosen = bookSequentially(AssignmentPolicy.fewestInWeek(ZONE));
    Map<Long, Map<ResourceId, Integer>> perWeek = new TreeMap<>();
    for (int i = 0; i < chosen.size(); i++) {
      long week =
          ChronoUnit.WEEKS.between(
              LocalDate.of(2026, 3, 2), start(i).atZone(ZONE).toLocalDate()); // a Monday
      perWeek.computeIfAbsent(week, w -> new HashMap<>()).merge(chosen.get(i), 1, Integer::sum);
    }
    perWeek.forEach((week, counts) -> assertSpreadAtMostOne(counts, "week " + week));
  }

  @Test
  void priorityTiersFallBackOnlyWhenTierOneIsTaken() {
    AssignmentPolicy policy = AssignmentPolicy.fewestInDay(ZONE).withTiers(Map.of(C, 2, D, 2));
    Instant at = start(0);
    List<ResourceId> chosen = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      chosen.add(service.bookAnyOf(request(at, n), TEAM, policy).resource());
    }
    assertThat(chosen).containsExactly(A, B, C, D);
    assertThatThrownBy(() -> service.bookAnyOf(request(at, 4), TEAM, policy))
        .isInstanceOf(SlotUnavailableException.class);
    assertThat(service.bookAnyOf(request(start(1), 5), TEAM, policy).resource()).isEqualTo(A);
    assertThat(service.bookAnyOf(request(start(2), 6), TEAM, policy).resource()).isEqualTo(B);
    // A and B have 2 that day, C and D 1: tier 1 still wins.
    assertThat(service.bookAnyOf(request(start(3), 7), TEAM, policy).resource()).isEqualTo(A);
    assertThat(appointments.size()).isEqualTo(7);
  }

  @Test
  void sixteenConcurrentBookersKeepTheWeightedSharesExactly() throws Exception {
    AssignmentPolicy policy =
        AssignmentPolicy.weighted(Map.of(A, 1, B, 1, C, 2, D, 4), Duration.ofDays(366));
    AtomicInteger next = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<List<ResourceId>>> workers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        workers.add(
            pool.submit(
                () -> {
                  List<ResourceId> mine = new ArrayList<>();
                  for (int i = next.getAndIncrement(); i < BOOKINGS; i = next.getAndIncrement()) {
                    mine.add(service.bookAnyOf(request(start(i), i), TEAM, policy).resource());
                  }
                  return mine;
                }));
      }
      List<ResourceId> chosen = new ArrayList<>();
      for (Future<List<ResourceId>> w : workers) {
        chosen.addAll(w.get());
      }
      assertThat(chosen).hasSize(BOOKINGS);
      assertWithinOne(shares(chosen), Map.of(A, 125, B, 125, C, 250, D, 500));
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aTeamWithoutTheRequestsResourceIsRefusedNamingMembers() {
    assertThatThrownBy(
            () ->
                service.bookAnyOf(
                    request(start(0), 0), List.of(B, C), AssignmentPolicy.firstFree()))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("members"));
    assertThatThrownBy(
            () ->
                service.bookAnyOf(
                    request(start(0), 0), List.of(A, A), AssignmentPolicy.firstFree()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> AssignmentPolicy.weighted(Map.of(A, 0), Duration.ofDays(1)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("weights"));
    assertThatThrownBy(() -> AssignmentPolicy.leastRecentlyBooked(Duration.ZERO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("window"));
    assertThat(appointments.size()).isZero();
  }

  @Test
  void aReplayedKeyReturnsTheFirstChoice() {
    AssignmentPolicy policy = AssignmentPolicy.leastRecentlyBooked(Duration.ofDays(30));
    BookingRequest keyed =
        BookingRequest.builder(TENANT, A, CUT.id(), start(0), Attendee.builder("Eva").build())
            .idempotencyKey("msg-1")
            .build();
    service.bookAnyOf(request(start(1), 1), TEAM, policy); // A now booked most recently
    Appointment first = service.bookAnyOf(keyed, TEAM, policy);
    Appointment again = service.bookAnyOf(keyed, TEAM, policy);
    assertThat(first.resource()).isEqualTo(B);
    assertThat(again.id()).isEqualTo(first.id());
    assertThat(again.resource()).isEqualTo(B);
    assertThat(appointments.size()).isEqualTo(2);
  }
}
