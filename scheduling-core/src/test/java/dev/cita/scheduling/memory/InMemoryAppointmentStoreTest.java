package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.ConflictCheck;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class InMemoryAppointmentStoreTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final TenantId SUR = TenantId.of("sur");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final ResourceId BEN = ResourceId.of("ben");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");

  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();

  private static Appointment appt(
      String id, TenantId tenant, ResourceId resource, int startMinute, int minutes) {
    return appt(id, tenant, resource, startMinute, minutes, AppointmentStatus.SCHEDULED);
  }

  private static Appointment appt(
      String id,
      TenantId tenant,
      ResourceId resource,
      int startMinute,
      int minutes,
      AppointmentStatus status) {
    Instant start = T0.plus(Duration.ofMinutes(startMinute));
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(tenant)
        .resource(resource)
        .type(AppointmentTypeId.of("consult"))
        .attendee(Attendee.builder("Camila").build())
        .start(start)
        .end(start.plus(Duration.ofMinutes(minutes)))
        .displayZone(ZoneId.of("America/Santiago"))
        .status(status)
        .createdAt(T0.minus(Duration.ofDays(1)))
        .updatedAt(T0.minus(Duration.ofDays(1)))
        .build();
  }

  private Appointment insert(Appointment a) {
    return store.insert(a, ConflictCheck.none());
  }

  /** Records what the store hands to verify, and optionally refuses. */
  private static final class RecordingCheck implements ConflictCheck {
    private final TimeInterval range;
    private final boolean refuse;
    final List<List<Appointment>> seen = new ArrayList<>();
    final List<Appointment> candidates = new ArrayList<>();

    RecordingCheck(TimeInterval range, boolean refuse) {
      this.range = range;
      this.refuse = refuse;
    }

    @Override
    public Optional<TimeInterval> lookupRange() {
      return Optional.ofNullable(range);
    }

    @Override
    public void verify(Appointment candidate, List<Appointment> existing) {
      candidates.add(candidate);
      seen.add(List.copyOf(existing));
      if (refuse) {
        throw new SlotUnavailableException("refused by test");
      }
    }
  }

  private static TimeInterval minutes(int from, int to) {
    return TimeInterval.of(T0.plus(Duration.ofMinutes(from)), T0.plus(Duration.ofMinutes(to)));
  }

  // --- insert and find ---------------------------------------------------------------------------

  @Test
  void insertThenFind() {
    Appointment a = appt("a", NORTE, ANA, 0, 30);

    Appointment stored = insert(a);

    assertThat(stored).isEqualTo(a);
    assertThat(store.find(NORTE, a.id())).contains(a);
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void findUnknownIsEmpty() {
    insert(appt("a", NORTE, ANA, 0, 30));
    assertThat(store.find(NORTE, AppointmentId.of("zzz"))).isEmpty();
  }

  @Test
  void findIsScopedToTheTenant() {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
    assertThat(store.find(SUR, a.id())).isEmpty();
  }

  @Test
  void sameIdInTwoTenantsAreTwoAppointments() {
    Appointment norte = insert(appt("shared", NORTE, ANA, 0, 30));
    Appointment sur = insert(appt("shared", SUR, ANA, 60, 30));

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.find(NORTE, AppointmentId.of("shared"))).contains(norte);
    assertThat(store.find(SUR, AppointmentId.of("shared"))).contains(sur);
  }

  @Test
  void duplicateIdIsRefusedAndTheFirstIsKept() {
    Appointment first = insert(appt("a", NORTE, ANA, 0, 30));
    Appointment again = appt("a", NORTE, BEN, 120, 30);

    assertThatThrownBy(() -> insert(again))
        .isInstanceOfSatisfying(
            DuplicateAppointmentException.class, e -> assertThat(e.id()).isEqualTo(first.id()));

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.find(NORTE, first.id())).contains(first);
    assertThat(store.findTimeHolding(NORTE, BEN, T0, T0.plus(Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void duplicateIdIsRefusedBeforeTheCheckRuns() {
    insert(appt("a", NORTE, ANA, 0, 30));
    RecordingCheck check = new RecordingCheck(minutes(-600, 600), false);

    assertThatThrownBy(() -> store.insert(appt("a", NORTE, ANA, 0, 30), check))
        .isInstanceOf(DuplicateAppointmentException.class);
    assertThat(check.candidates).isEmpty();
  }

  @Test
  void refusedInsertWritesNothing() {
    RecordingCheck refuse = new RecordingCheck(minutes(-60, 60), true);

    assertThatThrownBy(() -> store.insert(appt("a", NORTE, ANA, 0, 30), refuse))
        .isInstanceOf(SlotUnavailableException.class);

    assertThat(store.size()).isZero();
    assertThat(store.find(NORTE, AppointmentId.of("a"))).isEmpty();
    assertThat(store.findTimeHolding(NORTE, ANA, T0.minusSeconds(3600), T0.plusSeconds(3600)))
        .isEmpty();
  }

  // --- update and versions -----------------------------------------------------------------------

  @Test
  void updateBumpsTheVersion() {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

    Appointment confirmed =
        store.update(
            a.toBuilder().status(AppointmentStatus.CONFIRMED).build(), ConflictCheck.none());

    assertThat(confirmed.version()).isEqualTo(1);
    assertThat(confirmed.status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(store.find(NORTE, a.id())).contains(confirmed);
    assertThat(store.size()).isEqualTo(1);

    Appointment moved =
        store.update(
            confirmed.toBuilder().start(T0.plusSeconds(3600)).end(T0.plusSeconds(5400)).build(),
            ConflictCheck.none());
    assertThat(moved.version()).isEqualTo(2);
    assertThat(store.findTimeHolding(NORTE, ANA, T0, T0.plusSeconds(1800))).isEmpty();
    assertThat(store.findTimeHolding(NORTE, ANA, T0.plusSeconds(3600), T0.plusSeconds(3601)))
        .containsExactly(moved);
  }

  @Test
  void staleVersionIsRefusedAndNothingChanges() {
    Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));
    Appointment v1 =
        store.update(
            v0.toBuilder().status(AppointmentStatus.CONFIRMED).build(), ConflictCheck.none());

    Appointment basedOnV0 = v0.toBuilder().status(AppointmentStatus.CANCELLED).build();
    assertThatThrownBy(() -> store.update(basedOnV0, ConflictCheck.none()))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("version 1")
        .hasMessageContaining("version 0");

    assertThat(store.find(NORTE, v0.id())).contains(v1);
  }

  @Test
  void versionFromTheFutureIsRefused() {
    Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));

    assertThatThrownBy(
            () ->
                store.update(
                    v0.toBuilder().version(5).status(AppointmentStatus.CANCELLED).build(),
                    ConflictCheck.none()))
        .isInstanceOf(ConcurrentUpdateException.class);
    assertThat(store.find(NORTE, v0.id())).contains(v0);
  }

  @Test
  void updateOfAnUnknownAppointmentIsNotFound() {
    assertThatThrownBy(() -> store.update(appt("ghost", NORTE, ANA, 0, 30), ConflictCheck.none()))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("ghost");
    assertThat(store.size()).isZero();
  }

  @Test
  void updateCannotReachAnotherTenantsAppointment() {
    Appointment norte = insert(appt("a", NORTE, ANA, 0, 30));
    Appointment forged = norte.toBuilder().tenant(SUR).status(AppointmentStatus.CANCELLED).build();

    assertThatThrownBy(() -> store.update(forged, ConflictCheck.none()))
        .isInstanceOf(NotFoundException.class);
    assertThat(store.find(NORTE, norte.id())).contains(norte);
    assertThat(store.find(SUR, norte.id())).isEmpty();
  }

  @Test
  void refusedUpdateWritesNothing() {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
    RecordingCheck refuse = new RecordingCheck(minutes(-60, 120), true);

    assertThatThrownBy(
            () ->
                store.update(
                    a.toBuilder().start(T0.plusSeconds(3600)).end(T0.plusSeconds(5400)).build(),
                    refuse))
        .isInstanceOf(SlotUnavailableException.class);

    assertThat(store.find(NORTE, a.id())).contains(a);
    assertThat(store.findTimeHolding(NORTE, ANA, T0, T0.plusSeconds(1))).containsExactly(a);
  }

  @Test
  void updateThatMovesToAnotherResourceLeavesTheOldOne() {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

    Appointment moved = store.update(a.toBuilder().resource(BEN).build(), ConflictCheck.none());

    assertThat(store.findTimeHolding(NORTE, ANA, T0, T0.plusSeconds(1800))).isEmpty();
    assertThat(store.findTimeHolding(NORTE, BEN, T0, T0.plusSeconds(1800))).containsExactly(moved);
  }

  // --- findTimeHolding -------------------------------------------------------------------------

  @Test
  void findTimeHoldingUsesHalfOpenOverlap() {
    Appointment a = insert(appt("a", NORTE, ANA, 60, 30)); // [60, 90)

    assertThat(store.findTimeHolding(NORTE, ANA, at(0), at(60)))
        .as("ends where it starts")
        .isEmpty();
    assertThat(store.findTimeHolding(NORTE, ANA, at(90), at(120)))
        .as("starts where it ends")
        .isEmpty();
    assertThat(store.findTimeHolding(NORTE, ANA, at(0), at(61))).containsExactly(a);
    assertThat(store.findTimeHolding(NORTE, ANA, at(89), at(120))).containsExactly(a);
    assertThat(store.findTimeHolding(NORTE, ANA, at(70), at(80))).as("inside").containsExactly(a);
    assertThat(store.findTimeHolding(NORTE, ANA, at(0), at(600))).as("around").containsExactly(a);
  }

  @Test
  void findTimeHoldingIsSortedByStart() {
    Appointment late = insert(appt("z-late", NORTE, ANA, 300, 30));
    Appointment early = insert(appt("m-early", NORTE, ANA, 0, 30));
    Appointment middle = insert(appt("a-middle", NORTE, ANA, 120, 30));

    assertThat(store.findTimeHolding(NORTE, ANA, at(-60), at(600)))
        .containsExactly(early, middle, late);
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
  void findTimeHoldingLeavesOutStatusesThatHoldNoTime(AppointmentStatus status) {
    insert(appt("gone", NORTE, ANA, 0, 30, status));
    Appointment held = insert(appt("held", NORTE, ANA, 0, 30, AppointmentStatus.RESCHEDULED));

    assertThat(store.findTimeHolding(NORTE, ANA, at(-60), at(60))).containsExactly(held);
    assertThat(store.size()).isEqualTo(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = AppointmentStatus.class,
      names = {"REQUESTED", "SCHEDULED", "CONFIRMED", "RESCHEDULED"})
  void findTimeHoldingIncludesEveryTimeHoldingStatus(AppointmentStatus status) {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30, status));
    assertThat(store.findTimeHolding(NORTE, ANA, at(-60), at(60))).containsExactly(a);
  }

  @Test
  void findTimeHoldingNeverReturnsAnotherTenantsRows() {
    Appointment mine = insert(appt("mine", NORTE, ANA, 0, 30));
    insert(appt("theirs-1", SUR, ANA, 0, 30));
    insert(appt("theirs-2", SUR, ANA, 60, 30));

    assertThat(store.findTimeHolding(NORTE, ANA, at(-600), at(600))).containsExactly(mine);
    assertThat(store.findTimeHolding(SUR, ANA, at(-600), at(600)))
        .extracting(Appointment::tenant)
        .containsOnly(SUR)
        .hasSize(2);
    assertThat(store.findTimeHolding(TenantId.of("nadie"), ANA, at(-600), at(600))).isEmpty();
  }

  @Test
  void findTimeHoldingIsPerResource() {
    Appointment ana = insert(appt("ana-1", NORTE, ANA, 0, 30));
    Appointment ben = insert(appt("ben-1", NORTE, BEN, 0, 30));

    assertThat(store.findTimeHolding(NORTE, ANA, at(-60), at(60))).containsExactly(ana);
    assertThat(store.findTimeHolding(NORTE, BEN, at(-60), at(60))).containsExactly(ben);
  }

  // --- what ConflictCheck.verify receives --------------------------------------------------------

  @Test
  void verifyReceivesExactlyTheOverlappingTimeHoldingAppointmentsOfTheResource() {
    Appointment before =
        insert(appt("before", NORTE, ANA, -120, 30)); // [-120, -90): ends at the range start
    Appointment overlapsStart = insert(appt("overlaps-start", NORTE, ANA, -75, 30)); // [-75, -45)
    Appointment inside = insert(appt("inside", NORTE, ANA, 0, 30));
    Appointment overlapsEnd = insert(appt("overlaps-end", NORTE, ANA, 75, 30)); // [75, 105)
    insert(appt("after", NORTE, ANA, 90, 30)); // [90, 120): starts at the range end
    insert(appt("cancelled", NORTE, ANA, 0, 30, AppointmentStatus.CANCELLED));
    insert(appt("other-resource", NORTE, BEN, 0, 30));
    insert(appt("other-tenant", SUR, ANA, 0, 30));
    RecordingCheck check = new RecordingCheck(minutes(-90, 90), false);
    Appointment candidate = appt("candidate", NORTE, ANA, 30, 30);

    store.insert(candidate, check);

    assertThat(check.candidates).containsExactly(candidate);
    assertThat(check.seen).hasSize(1);
    assertThat(check.seen.get(0)).containsExactly(overlapsStart, inside, overlapsEnd);
    assertThat(check.seen.get(0)).doesNotContain(before);
    assertThat(store.size()).isEqualTo(9);
  }

  @Test
  void verifyOnUpdateDoesNotSeeTheAppointmentBeingWritten() {
    Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
    Appointment neighbour = insert(appt("b", NORTE, ANA, 30, 30));
    RecordingCheck check = new RecordingCheck(minutes(-60, 120), false);
    Appointment moved = a.toBuilder().start(at(15)).end(at(45)).build();

    Appointment stored = store.update(moved, check);

    assertThat(check.candidates).containsExactly(moved);
    assertThat(check.seen.get(0)).containsExactly(neighbour);
    assertThat(stored.version()).isEqualTo(1);
  }

  @Test
  void checkWithoutALookupRangeSeesNothing() {
    insert(appt("a", NORTE, ANA, 0, 30));
    RecordingCheck check = new RecordingCheck(null, false);

    store.insert(appt("b", NORTE, ANA, 0, 30), check);

    assertThat(check.seen).containsExactly(List.of());
    assertThat(store.size()).isEqualTo(2);
  }

  // --- races that cross resources ----------------------------------------------------------------

  /** A check that waits (at most {@code maxWait}) for a signal while the store holds its lock. */
  private static ConflictCheck pausing(
      CountDownLatch entered, CountDownLatch proceed, long maxWaitMillis) {
    return new ConflictCheck() {
      @Override
      public Optional<TimeInterval> lookupRange() {
        return Optional.empty();
      }

      @Override
      public void verify(Appointment candidate, List<Appointment> existing) {
        entered.countDown();
        try {
          proceed.await(maxWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
  }

  @Test
  void sameIdInsertedConcurrentlyForTwoResourcesIsStoredOnce() throws Exception {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch proceed = new CountDownLatch(1);
      Future<Appointment> forAna =
          pool.submit(
              () -> store.insert(appt("x", NORTE, ANA, 0, 30), pausing(entered, proceed, 5_000)));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

      // While Ana's insert of "x" is between its checks and its write, Ben's insert of "x" goes
      // through.
      Appointment forBen = store.insert(appt("x", NORTE, BEN, 0, 30), ConflictCheck.none());
      proceed.countDown();

      assertThatThrownBy(() -> forAna.get(5, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class)
          .hasCauseInstanceOf(DuplicateAppointmentException.class);
      assertThat(store.size()).isEqualTo(1);
      assertThat(store.find(NORTE, AppointmentId.of("x"))).contains(forBen);
      assertThat(store.findTimeHolding(NORTE, ANA, at(-60), at(60)))
          .as("no orphan left at Ana")
          .isEmpty();
      assertThat(store.findTimeHolding(NORTE, BEN, at(-60), at(60))).containsExactly(forBen);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void updatesRacingAcrossResourcesDoNotBothWin() throws Exception {
    Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch proceed = new CountDownLatch(1);
      // A confirmation based on v0, paused inside the store (it gives up waiting after 300 ms).
      Future<Appointment> confirm =
          pool.submit(
              () ->
                  store.update(
                      v0.toBuilder().status(AppointmentStatus.CONFIRMED).build(),
                      pausing(entered, proceed, 300)));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();

      // Meanwhile a move to Ben, also based on v0.
      Appointment moveToBen = v0.toBuilder().resource(BEN).build();
      Appointment moved = null;
      Throwable moveError = null;
      try {
        moved = store.update(moveToBen, ConflictCheck.none());
      } catch (ConcurrentUpdateException e) {
        moveError = e;
      }
      proceed.countDown();
      Appointment confirmed = null;
      Throwable confirmError = null;
      try {
        confirmed = confirm.get(5, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        confirmError = e.getCause();
      }

      assertThat(moved == null ^ confirmed == null)
          .as("exactly one of two updates based on v0 wins")
          .isTrue();
      Throwable loserError = moved == null ? moveError : confirmError;
      assertThat(loserError).isInstanceOf(ConcurrentUpdateException.class);
      Appointment winner = moved != null ? moved : confirmed;
      assertThat(winner.version()).isEqualTo(1);
      assertThat(store.find(NORTE, v0.id())).contains(winner);
      List<Appointment> atAna = store.findTimeHolding(NORTE, ANA, at(-60), at(60));
      List<Appointment> atBen = store.findTimeHolding(NORTE, BEN, at(-60), at(60));
      assertThat(atAna.size() + atBen.size())
          .as("the appointment is held at one resource only")
          .isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nullArgumentsAreRefusedWithTheirNames() {
    assertThatThrownBy(() -> store.insert(null, ConflictCheck.none()))
        .isInstanceOf(dev.cita.scheduling.ValidationException.class)
        .hasMessageStartingWith("appointment:");
    assertThatThrownBy(() -> store.insert(appt("a", NORTE, ANA, 0, 30), null))
        .isInstanceOf(dev.cita.scheduling.ValidationException.class)
        .hasMessageStartingWith("check:");
    assertThatThrownBy(() -> store.find(null, AppointmentId.of("a")))
        .isInstanceOf(dev.cita.scheduling.ValidationException.class)
        .hasMessageStartingWith("tenant:");
    assertThat(store.size()).isZero();
  }

  private static Instant at(int minute) {
    return T0.plus(Duration.ofMinutes(minute));
  }
}
