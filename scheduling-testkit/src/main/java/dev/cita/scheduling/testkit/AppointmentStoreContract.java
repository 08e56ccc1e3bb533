package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.AppointmentFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.AppointmentPage;
import dev.cita.scheduling.AttendeeQuery;
import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.PlacementsRefusedException;
import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.SeriesId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.MemberChoice;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.spi.Placement;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.testkit.AppointmentFixtures.NoOverlap;
import dev.cita.scheduling.testkit.AppointmentFixtures.RecordingCheck;
import dev.cita.scheduling.testkit.Race.Outcome;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.opentest4j.TestAbortedException;

/**
 * The behaviour every {@link AppointmentStore} must have: round trips, duplicate ids, optimistic
 * versions, what a {@link ConflictCheck} gets to see, the half-open range lookups, tenant
 * isolation, any-of (round-robin) inserts whose member is chosen inside the write, collective
 * (all-of) appointments that hold several resources at once, and the atomicity that makes double
 * booking impossible when many threads book the same time at once.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; JUnit
 * runs every group below against it:
 *
 * <pre>{@code
 * class MyAppointmentStoreTest extends AppointmentStoreContract {
 *   @Override
 *   protected AppointmentStore newStore() {
 *     return new MyAppointmentStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond. The concurrency group writes from 16
 * threads at once, so a store backed by a connection pool needs at least a few connections.
 */
public abstract class AppointmentStoreContract {

  private AppointmentStore store;

  /** For subclasses, which supply the implementation under test. */
  protected AppointmentStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract AppointmentStore newStore();

  /**
   * The outbox {@code store} writes entries into, so the outbox group can check that they are
   * written together with the appointment; return null (the default) to skip that group.
   *
   * @param store the store that {@link #newStore()} returned for this test
   * @return its outbox, or null to skip the outbox group
   */
  protected @Nullable OutboxStore outboxOf(AppointmentStore store) {
    return null;
  }

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createAppointmentStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  // --- test data (more in AppointmentFixtures) --------------------------------------------

  private Appointment insert(Appointment a) {
    return store.insert(a, ConflictCheck.none());
  }

  private List<Appointment> holding(
      TenantId tenant, ResourceId resource, int fromMinute, int toMinute) {
    return store.findTimeHolding(tenant, resource, at(fromMinute), at(toMinute));
  }

  // --- groups --------------------------------------------------------------------------------

  @Nested
  @DisplayName("insert and find")
  class InsertAndFind {
    @Test
    void findByExternalRefFindsTheAppointmentAProviderKnowsByThatId() {
      store.insert(
          appt("a", NORTE, ANA, 0, 30).toBuilder().externalRef("google", "evt-1").build(),
          ConflictCheck.none());
      Appointment other = store.insert(appt("b", NORTE, ANA, 60, 30), ConflictCheck.none());
      store.update(other.toBuilder().externalRef("calcom", "uid-9").build(), ConflictCheck.none());

      assertThat(store.findByExternalRef(NORTE, "google", "evt-1"))
          .map(x -> x.id().value())
          .contains("a");
      assertThat(store.findByExternalRef(NORTE, "calcom", "uid-9"))
          .map(x -> x.id().value())
          .contains("b");
      assertThat(store.findByExternalRef(NORTE, "calcom", "evt-1")).isEmpty();
      assertThat(store.findByExternalRef(NORTE, "google", "evt-2")).isEmpty();
      assertThat(store.findByExternalRef(SUR, "google", "evt-1")).isEmpty();
    }

    @Test
    void insertReturnsTheAppointmentAndFindReturnsItAgain() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);

      Appointment stored = insert(a);

      assertThat(stored).isEqualTo(a);
      assertThat(stored.version()).isZero();
      assertThat(store.find(NORTE, a.id())).contains(a);
    }

    @Test
    void everyFieldSurvivesTheRoundTrip() {
      Appointment a = everyField("full");

      insert(a);

      Appointment found = store.find(NORTE, a.id()).orElseThrow();
      assertThat(found).usingRecursiveComparison().isEqualTo(a);
      assertThat(found).isEqualTo(a);
    }

    @Test
    void findOfAnUnknownIdIsEmpty() {
      insert(appt("a", NORTE, ANA, 0, 30));

      assertThat(store.find(NORTE, AppointmentId.of("unknown"))).isEmpty();
    }

    @Test
    void aFreshStoreHoldsNothing() {
      assertThat(store.find(NORTE, AppointmentId.of("a"))).isEmpty();
      assertThat(holding(NORTE, ANA, -10_000, 10_000)).isEmpty();
    }

    @Test
    void aDuplicateIdIsRefusedAndNothingChanges() {
      Appointment first = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment again = appt("a", NORTE, BEN, 120, 30).toBuilder().notes("second").build();

      assertThatThrownBy(() -> insert(again))
          .isInstanceOfSatisfying(
              DuplicateAppointmentException.class, e -> assertThat(e.id()).isEqualTo(first.id()));

      assertThat(store.find(NORTE, first.id())).contains(first);
      assertThat(holding(NORTE, BEN, 0, 1440))
          .as("nothing written at the second resource")
          .isEmpty();
      assertThat(holding(NORTE, ANA, 0, 1440)).containsExactly(first);
    }

    /** Issue 14: one idempotency key never names two appointments, whatever the caller does. */
    @Test
    void aSecondAppointmentWithTheSameIdempotencyKeyIsRefusedNamingTheHolder() {
      Appointment first =
          insert(appt("a", NORTE, ANA, 0, 30).toBuilder().idempotencyKey("k-1").build());
      Appointment again = appt("b", NORTE, BEN, 120, 30).toBuilder().idempotencyKey("k-1").build();

      assertThatThrownBy(() -> insert(again))
          .isInstanceOfSatisfying(
              DuplicateAppointmentException.class, e -> assertThat(e.id()).isEqualTo(first.id()));

      assertThat(store.find(NORTE, again.id())).isEmpty();
      assertThat(holding(NORTE, BEN, 0, 1440)).isEmpty();
      Appointment otherTenant =
          appt("c", SUR, ANA, 0, 30).toBuilder().idempotencyKey("k-1").build();
      assertThat(insert(otherTenant)).as("keys are per tenant").isEqualTo(otherTenant);
    }

    @Test
    void aDuplicateIdIsReportedBeforeTheCheckRuns() {
      insert(appt("a", NORTE, ANA, 0, 30));
      RecordingCheck refusing = new RecordingCheck(minutes(-600, 600), true);

      assertThatThrownBy(() -> store.insert(appt("a", NORTE, ANA, 0, 30), refusing))
          .isInstanceOf(DuplicateAppointmentException.class);
      assertThat(refusing.candidates).as("the check was not asked").isEmpty();
    }
  }

  @Nested
  @DisplayName("what the conflict check sees")
  class ConflictCheckInput {
    @Test
    void exactlyTheTimeHoldingAppointmentsOfTheTenantAndResourceThatOverlapTheLookupRange() {
      // No two time-holding rows overlap: a SQL store may refuse overlaps itself (the storage
      // invariant), whatever the check says. The candidate lies outside the lookup range.
      Appointment overlapsStart =
          insert(appt("overlaps-start", NORTE, ANA, -100, 20)); // [-100, -80)
      Appointment inside = insert(appt("inside", NORTE, ANA, 0, 30));
      Appointment overlapsEnd = insert(appt("overlaps-end", NORTE, ANA, 80, 20)); // [80, 100)
      insert(appt("cancelled", NORTE, ANA, 0, 30, AppointmentStatus.CANCELLED));
      insert(appt("completed", NORTE, ANA, 0, 30, AppointmentStatus.COMPLETED));
      insert(appt("no-show", NORTE, ANA, 0, 30, AppointmentStatus.NO_SHOW));
      insert(appt("other-resource", NORTE, BEN, 0, 30));
      insert(appt("other-tenant", SUR, ANA, 0, 30));
      RecordingCheck check = new RecordingCheck(minutes(-90, 90), false);
      Appointment candidate = appt("candidate", NORTE, ANA, 400, 30);

      store.insert(candidate, check);

      assertThat(check.candidates).containsExactly(candidate);
      assertThat(check.seen).hasSize(1);
      assertThat(check.seen.get(0)).containsExactlyInAnyOrder(overlapsStart, inside, overlapsEnd);
      assertThat(store.find(NORTE, candidate.id())).contains(candidate);
    }

    @Test
    void appointmentsThatOnlyTouchTheLookupRangeAreLeftOut() {
      insert(appt("ends-at-range-start", NORTE, ANA, -120, 30)); // [-120, -90)
      insert(appt("starts-at-range-end", NORTE, ANA, 90, 30)); // [90, 120)
      Appointment endsAtRangeEnd =
          insert(appt("ends-at-range-end", NORTE, ANA, 60, 30)); // [60, 90)
      RecordingCheck check = new RecordingCheck(minutes(-90, 90), false);

      store.insert(appt("candidate", NORTE, ANA, 400, 30), check);

      assertThat(check.seen).containsExactly(List.of(endsAtRangeEnd));
    }

    @Test
    void anAppointmentSpanningTheWholeLookupRangeIsSeen() {
      Appointment spans = insert(appt("spans-the-range", NORTE, ANA, -300, 600)); // [-300, 300)
      RecordingCheck check = new RecordingCheck(minutes(-90, 90), false);

      store.insert(appt("candidate", NORTE, ANA, 400, 30), check);

      assertThat(check.seen).containsExactly(List.of(spans));
    }

    @Test
    void onUpdateTheAppointmentBeingWrittenIsLeftOut() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment neighbour = insert(appt("b", NORTE, ANA, 60, 30));
      RecordingCheck check = new RecordingCheck(minutes(-60, 120), false);
      Appointment moved = a.toBuilder().start(at(15)).end(at(45)).build();

      Appointment stored = store.update(moved, check);

      assertThat(check.candidates).containsExactly(moved);
      assertThat(check.seen).containsExactly(List.of(neighbour));
      assertThat(stored.version()).isEqualTo(1);
    }

    @Test
    void onUpdateToAnotherResourceTheCheckSeesTheNewResource() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
      insert(appt("at-ana", NORTE, ANA, 30, 30));
      Appointment atBen = insert(appt("at-ben", NORTE, BEN, 30, 30));
      RecordingCheck check = new RecordingCheck(minutes(-60, 120), false);

      store.update(a.toBuilder().resource(BEN).build(), check);

      assertThat(check.seen).containsExactly(List.of(atBen));
    }

    @Test
    void aCheckWithoutALookupRangeSeesNothing() {
      insert(appt("a", NORTE, ANA, 0, 30));
      RecordingCheck check = new RecordingCheck(null, false);

      Appointment b = store.insert(appt("b", NORTE, ANA, 0, 30), check);

      assertThat(check.seen).containsExactly(List.of());
      assertThat(store.find(NORTE, b.id())).contains(b);
    }

    @Test
    void aRefusedInsertWritesNothing() {
      RecordingCheck refusing = new RecordingCheck(minutes(-60, 60), true);

      assertThatThrownBy(() -> store.insert(appt("a", NORTE, ANA, 0, 30), refusing))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(refusing.candidates).hasSize(1);
      assertThat(store.find(NORTE, AppointmentId.of("a"))).isEmpty();
      assertThat(holding(NORTE, ANA, -60, 60)).isEmpty();
      Appointment retried = insert(appt("a", NORTE, ANA, 0, 30));
      assertThat(store.find(NORTE, AppointmentId.of("a")))
          .as("the id is still free")
          .contains(retried);
    }

    @Test
    void aRefusedUpdateWritesNothingAndKeepsTheVersion() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
      RecordingCheck refusing = new RecordingCheck(minutes(-60, 120), true);

      assertThatThrownBy(
              () -> store.update(a.toBuilder().start(at(60)).end(at(90)).build(), refusing))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(refusing.candidates).hasSize(1);
      assertThat(store.find(NORTE, a.id())).contains(a);
      assertThat(holding(NORTE, ANA, 0, 1)).containsExactly(a);
      assertThat(holding(NORTE, ANA, 60, 90)).isEmpty();
      assertThat(store.update(a.toBuilder().notes("later").build(), ConflictCheck.none()).version())
          .as("an update based on the unchanged version still works")
          .isEqualTo(1);
    }
  }

  @Nested
  @DisplayName("any-of inserts (round robin)")
  class AnyOf {
    private final ResourceId cat = ResourceId.of("dra-cat");
    private final ResourceId dan = ResourceId.of("dr-dan");

    /** One placement per member of the same appointment, each with a no-overlap check. */
    private List<Placement> team(String id, int startMinute, List<ResourceId> members) {
      List<Placement> placements = new ArrayList<>();
      for (ResourceId member : members) {
        Appointment a = appt(id, NORTE, member, startMinute, 30);
        placements.add(new Placement(a, new NoOverlap(a), List.of()));
      }
      return placements;
    }

    @Test
    void writesTheFirstMemberInTheChoicesOrderAndOnlyThatOne() {
      Appointment stored =
          store.insertAnyOf(
              team("a", 0, List.of(ANA, BEN, cat)), (members, history) -> List.of(BEN, ANA, cat));

      assertThat(stored.resource()).isEqualTo(BEN);
      assertThat(store.find(NORTE, AppointmentId.of("a"))).contains(stored);
      assertThat(holding(NORTE, BEN, 0, 30)).containsExactly(stored);
      assertThat(holding(NORTE, ANA, 0, 30)).isEmpty();
      assertThat(holding(NORTE, cat, 0, 30)).isEmpty();
    }

    @Test
    void aMemberWhoseCheckRefusesIsSkipped() {
      insert(appt("busy", NORTE, BEN, 0, 30));

      Appointment stored =
          store.insertAnyOf(
              team("a", 0, List.of(ANA, BEN)), (members, history) -> List.of(BEN, ANA));

      assertThat(stored.resource()).isEqualTo(ANA);
      assertThat(holding(NORTE, BEN, 0, 30))
          .extracting(Appointment::id)
          .containsExactly(AppointmentId.of("busy"));
    }

    @Test
    void whenEveryMemberRefusesNothingIsWritten() {
      insert(appt("busy-ana", NORTE, ANA, 0, 30));
      insert(appt("busy-ben", NORTE, BEN, 0, 30));

      assertThatThrownBy(
              () ->
                  store.insertAnyOf(team("a", 0, List.of(ANA, BEN)), (members, history) -> members))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(store.find(NORTE, AppointmentId.of("a"))).isEmpty();
    }

    @Test
    void theChoiceReadsEveryMembersAppointmentsAndGetsTheMembersInOrder() {
      Appointment early = insert(appt("early", NORTE, BEN, -120, 30));
      insert(appt("other-tenant", SUR, ANA, -120, 30));
      List<List<ResourceId>> given = new ArrayList<>();
      Map<ResourceId, List<Appointment>> seen = new HashMap<>();

      store.insertAnyOf(
          team("a", 0, List.of(ANA, BEN)),
          (members, history) -> {
            given.add(members);
            members.forEach(m -> seen.put(m, history.timeHolding(m, at(-180), at(180))));
            return members;
          });

      assertThat(given).containsExactly(List.of(ANA, BEN));
      assertThat(seen.get(ANA)).isEmpty();
      assertThat(seen.get(BEN)).containsExactly(early);
    }

    @Test
    void anIdAlreadyStoredIsADuplicate() {
      insert(appt("a", NORTE, cat, 300, 30));

      assertThatThrownBy(
              () ->
                  store.insertAnyOf(team("a", 0, List.of(ANA, BEN)), (members, history) -> members))
          .isInstanceOf(DuplicateAppointmentException.class);
      assertThat(holding(NORTE, ANA, 0, 30)).isEmpty();
    }

    /**
     * 16 threads insert 400 appointments at distinct times over four members, each choosing the
     * member with the fewest appointments so far. The choices are serialized by the members' locks,
     * so the shares stay within one of 100 each (the bound a sequential run has).
     */
    @Test
    void sixteenConcurrentChoosersKeepTheBalanceWithinOne() throws Exception {
      List<ResourceId> members = List.of(ANA, BEN, cat, dan);
      MemberChoice fewest =
          (team, history) -> {
            Map<ResourceId, Integer> counts = new HashMap<>();
            team.forEach(m -> counts.put(m, history.timeHolding(m, at(-60), at(20_000)).size()));
            List<ResourceId> order = new ArrayList<>(team);
            order.sort(java.util.Comparator.comparing(counts::get));
            return order;
          };
      AtomicInteger next = new AtomicInteger();
      List<Outcome<List<ResourceId>>> outcomes =
          Race.run(
              Race.THREADS,
              t ->
                  () -> {
                    List<ResourceId> mine = new ArrayList<>();
                    for (int i = next.getAndIncrement(); i < 400; i = next.getAndIncrement()) {
                      mine.add(
                          store.insertAnyOf(team("rr-" + i, i * 30, members), fewest).resource());
                    }
                    return mine;
                  });

      Map<ResourceId, Integer> shares = new HashMap<>();
      for (Outcome<List<ResourceId>> o : outcomes) {
        assertThat(o.error()).as("a chooser failed").isNull();
        o.returned().forEach(m -> shares.merge(m, 1, Integer::sum));
      }
      assertThat(shares.values()).hasSize(4).allSatisfy(n -> assertThat(n).isBetween(99, 101));
      assertThat(shares.values().stream().mapToInt(n -> n).sum()).isEqualTo(400);
    }
  }

  @Nested
  @DisplayName("all-or-none writes of several appointments (series)")
  class AllOrNone {
    private final SeriesId series = SeriesId.of("serie-kine");

    private Placement placement(Appointment a) {
      return new Placement(a, new NoOverlap(a), List.of());
    }

    private Appointment occurrence(String id, ResourceId resource, int startMinute) {
      return appt(id, NORTE, resource, startMinute, 30).toBuilder()
          .series(series, at(startMinute))
          .build();
    }

    @Test
    void insertAllWritesEveryAppointmentAndFindSeriesListsThemInTheRulesOrder() {
      Appointment late = occurrence("z-late", ANA, 300);
      Appointment early = occurrence("y-early", ANA, 0);
      Appointment other = occurrence("x-other", BEN, 120);
      insert(appt("single", NORTE, ANA, 600, 30));
      insert(appt("other-tenant", SUR, ANA, 0, 30).toBuilder().series(series, at(0)).build());

      List<Appointment> stored =
          store.insertAll(List.of(placement(late), placement(early), placement(other)));

      assertThat(stored).containsExactly(late, early, other);
      assertThat(store.findSeries(NORTE, series)).containsExactly(early, other, late);
      assertThat(store.find(NORTE, early.id())).get().usingRecursiveComparison().isEqualTo(early);
      assertThat(store.findSeries(NORTE, SeriesId.of("none"))).isEmpty();
    }

    @Test
    void aRefusalWritesNothingAndNamesEveryRefusedAppointment() {
      insert(appt("busy", NORTE, ANA, 60, 30));
      List<Placement> batch =
          List.of(
              placement(occurrence("a", ANA, 0)),
              placement(occurrence("b", ANA, 60)),
              placement(occurrence("c", BEN, 0)),
              placement(occurrence("d", ANA, 75)));

      assertThatThrownBy(() -> store.insertAll(batch))
          .isInstanceOfSatisfying(
              PlacementsRefusedException.class,
              e ->
                  assertThat(e.refusals().keySet())
                      .extracting(AppointmentId::value)
                      .containsExactly("b", "d"));

      assertThat(store.findSeries(NORTE, series)).isEmpty();
      assertThat(holding(NORTE, ANA, -60, 600))
          .extracting(x -> x.id().value())
          .containsExactly("busy");
      assertThat(holding(NORTE, BEN, -60, 600)).isEmpty();
    }

    @Test
    void aLaterCheckSeesTheEarlierAppointmentsOfTheSameWrite() {
      List<Placement> batch =
          List.of(placement(occurrence("a", ANA, 0)), placement(occurrence("b", ANA, 15)));

      assertThatThrownBy(() -> store.insertAll(batch))
          .isInstanceOfSatisfying(
              PlacementsRefusedException.class,
              e -> assertThat(e.refusals()).containsOnlyKeys(AppointmentId.of("b")));
      assertThat(holding(NORTE, ANA, -60, 600)).isEmpty();
    }

    @Test
    void aTakenIdOrKeyWritesNothing() {
      insert(appt("b", NORTE, BEN, 300, 30));
      insert(appt("keyed", NORTE, BEN, 400, 30).toBuilder().idempotencyKey("k-2").build());

      assertThatThrownBy(
              () ->
                  store.insertAll(
                      List.of(
                          placement(occurrence("a", ANA, 0)), placement(occurrence("b", ANA, 60)))))
          .isInstanceOfSatisfying(
              DuplicateAppointmentException.class,
              e -> assertThat(e.id()).isEqualTo(AppointmentId.of("b")));
      Appointment keyed = occurrence("c", ANA, 120).toBuilder().idempotencyKey("k-2").build();
      assertThatThrownBy(
              () -> store.insertAll(List.of(placement(occurrence("a", ANA, 0)), placement(keyed))))
          .isInstanceOfSatisfying(
              DuplicateAppointmentException.class,
              e -> assertThat(e.id()).isEqualTo(AppointmentId.of("keyed")));

      assertThat(store.findSeries(NORTE, series)).isEmpty();
      assertThat(holding(NORTE, ANA, -60, 600)).isEmpty();
    }

    @Test
    void updateAllMovesEveryOneAndALaterCheckSeesTheEarlierMoves() {
      List<Appointment> v0 =
          store.insertAll(
              List.of(placement(occurrence("a", ANA, 0)), placement(occurrence("b", ANA, 60))));
      // b first into free time, then a into the time b left.
      Appointment b = v0.get(1).toBuilder().start(at(120)).end(at(150)).build();
      Appointment a = v0.get(0).toBuilder().start(at(60)).end(at(90)).build();

      List<Appointment> moved = store.updateAll(List.of(placement(b), placement(a)));

      assertThat(moved).extracting(Appointment::version).containsExactly(1L, 1L);
      assertThat(holding(NORTE, ANA, -60, 600))
          .extracting(x -> x.id().value() + "@" + x.start())
          .containsExactly("a@" + at(60), "b@" + at(120));
      assertThat(store.findSeries(NORTE, series))
          .extracting(x -> x.occurrenceStart().orElseThrow())
          .as("the rule's starts stay")
          .containsExactly(at(0), at(60));
    }

    @Test
    void anUpdateAllWithARefusalOrAStaleVersionWritesNothing() {
      List<Appointment> v0 =
          store.insertAll(
              List.of(placement(occurrence("a", ANA, 0)), placement(occurrence("b", ANA, 120))));
      insert(appt("busy", NORTE, ANA, 180, 30));
      Appointment a = v0.get(0).toBuilder().start(at(60)).end(at(90)).build();
      Appointment b = v0.get(1).toBuilder().start(at(180)).end(at(210)).build();

      assertThatThrownBy(() -> store.updateAll(List.of(placement(a), placement(b))))
          .isInstanceOfSatisfying(
              PlacementsRefusedException.class,
              e -> assertThat(e.refusals()).containsOnlyKeys(b.id()));
      store.update(v0.get(1).toBuilder().notes("changed").build(), ConflictCheck.none());
      Appointment staleB = v0.get(1).toBuilder().start(at(240)).end(at(270)).build();
      assertThatThrownBy(() -> store.updateAll(List.of(placement(a), placement(staleB))))
          .isInstanceOf(ConcurrentUpdateException.class);

      assertThat(store.find(NORTE, a.id())).contains(v0.get(0));
      assertThat(store.find(NORTE, b.id()).orElseThrow().start()).isEqualTo(at(120));
    }

    @Test
    void updateAllOfAnUnknownAppointmentIsNotFound() {
      Appointment a = occurrence("a", ANA, 0);

      assertThatThrownBy(() -> store.updateAll(List.of(placement(a))))
          .isInstanceOf(NotFoundException.class);
    }

    /**
     * 16 threads each insert a series of three on one resource, every series overlapping every
     * other: exactly one series is written, whole, and nothing of the others.
     */
    @RepeatedTest(3)
    void ofSixteenOverlappingSeriesExactlyOneIsWrittenWhole() throws Exception {
      List<Outcome<List<Appointment>>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                List<Placement> batch = new ArrayList<>();
                for (int k = 0; k < 3; k++) {
                  Appointment a =
                      appt("s" + i + "-" + k, NORTE, ANA, k * 60 + i, 30).toBuilder()
                          .series(SeriesId.of("s" + i), at(k * 60 + i))
                          .build();
                  batch.add(placement(a));
                }
                return () -> store.insertAll(batch);
              });

      List<List<Appointment>> won =
          outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
      assertThat(won).hasSize(1);
      assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::error))
          .hasSize(Race.THREADS - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(PlacementsRefusedException.class));
      assertThat(holding(NORTE, ANA, -60, 600)).containsExactlyElementsOf(won.get(0));
    }
  }

  @Nested
  @DisplayName("update and versions")
  class Updates {
    @Test
    void updateBumpsTheVersionAndStoresTheChange() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

      Appointment confirmed =
          store.update(
              a.toBuilder().status(AppointmentStatus.CONFIRMED).build(), ConflictCheck.none());

      assertThat(confirmed.version()).isEqualTo(1);
      assertThat(confirmed.status()).isEqualTo(AppointmentStatus.CONFIRMED);
      assertThat(store.find(NORTE, a.id())).contains(confirmed);

      Appointment moved =
          store.update(
              confirmed.toBuilder().start(at(60)).end(at(90)).build(), ConflictCheck.none());

      assertThat(moved.version()).isEqualTo(2);
      assertThat(store.find(NORTE, a.id())).contains(moved);
      assertThat(holding(NORTE, ANA, 0, 30)).as("the old time is free").isEmpty();
      assertThat(holding(NORTE, ANA, 60, 61)).containsExactly(moved);
    }

    @Test
    void everyFieldOfAnUpdateIsStored() {
      Appointment a = insert(appt("full", NORTE, ANA, 0, 30));
      Appointment changed = everyField("full").toBuilder().version(a.version()).build();

      Appointment stored = store.update(changed, ConflictCheck.none());

      assertThat(stored).isEqualTo(changed.toBuilder().version(1).build());
      assertThat(store.find(NORTE, a.id())).contains(stored);
    }

    @Test
    void aStaleVersionIsRefusedAndNothingChanges() {
      Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment v1 =
          store.update(
              v0.toBuilder().status(AppointmentStatus.CONFIRMED).build(), ConflictCheck.none());

      assertThatThrownBy(
              () ->
                  store.update(
                      v0.toBuilder().status(AppointmentStatus.CANCELLED).build(),
                      ConflictCheck.none()))
          .isInstanceOf(ConcurrentUpdateException.class);

      assertThat(store.find(NORTE, v0.id())).contains(v1);
    }

    @Test
    void aVersionFromTheFutureIsRefused() {
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
    void updateOfAnUnknownAppointmentIsNotFoundAndWritesNothing() {
      assertThatThrownBy(() -> store.update(appt("ghost", NORTE, ANA, 0, 30), ConflictCheck.none()))
          .isInstanceOf(NotFoundException.class);

      assertThat(store.find(NORTE, AppointmentId.of("ghost"))).isEmpty();
      assertThat(holding(NORTE, ANA, -60, 60)).isEmpty();
    }

    @Test
    void cancellingFreesTheTimeButKeepsTheAppointment() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

      Appointment cancelled =
          store.update(
              a.toBuilder().status(AppointmentStatus.CANCELLED).build(), ConflictCheck.none());

      assertThat(holding(NORTE, ANA, -60, 60)).isEmpty();
      assertThat(store.find(NORTE, a.id())).contains(cancelled);
    }

    @Test
    void moveToAnotherResourceLeavesNothingAtTheOldOne() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

      Appointment moved = store.update(a.toBuilder().resource(BEN).build(), ConflictCheck.none());

      assertThat(moved.resource()).isEqualTo(BEN);
      assertThat(holding(NORTE, ANA, 0, 30)).isEmpty();
      assertThat(holding(NORTE, BEN, 0, 30)).containsExactly(moved);
      assertThat(store.find(NORTE, a.id())).contains(moved);
    }
  }

  @Nested
  @DisplayName("findTimeHolding")
  class FindTimeHolding {
    @Test
    void rangesAreHalfOpen() {
      Appointment a = insert(appt("a", NORTE, ANA, 60, 30)); // [60, 90)

      assertThat(holding(NORTE, ANA, 0, 60)).as("range ends where it starts").isEmpty();
      assertThat(holding(NORTE, ANA, 90, 120)).as("range starts where it ends").isEmpty();
      assertThat(holding(NORTE, ANA, 0, 61))
          .as("one minute of overlap at its start")
          .containsExactly(a);
      assertThat(holding(NORTE, ANA, 89, 120))
          .as("one minute of overlap at its end")
          .containsExactly(a);
      assertThat(holding(NORTE, ANA, 70, 80)).as("range inside it").containsExactly(a);
      assertThat(holding(NORTE, ANA, 0, 600)).as("range around it").containsExactly(a);
    }

    @Test
    void anAppointmentThatStartedLongBeforeTheRangeIsFound() {
      Appointment allDay = insert(appt("all-day", NORTE, ANA, -600, 1200)); // [-600, 600)
      Appointment shortOne = insert(appt("short", NORTE, BEN, 0, 15));

      assertThat(holding(NORTE, ANA, 0, 10)).containsExactly(allDay);
      assertThat(holding(NORTE, BEN, 0, 10)).containsExactly(shortOne);
    }

    @Test
    void resultsAreSortedByStart() {
      Appointment late = insert(appt("a-late", NORTE, ANA, 300, 30));
      Appointment early = insert(appt("z-early", NORTE, ANA, 0, 30));
      Appointment middle = insert(appt("m-middle", NORTE, ANA, 120, 30));
      Appointment earliest = insert(appt("b-earliest", NORTE, ANA, -240, 180)); // long, ends at -60

      assertThat(holding(NORTE, ANA, -600, 600)).containsExactly(earliest, early, middle, late);
    }

    @ParameterizedTest
    @EnumSource(
        value = AppointmentStatus.class,
        names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
    void statusesThatHoldNoTimeAreLeftOut(AppointmentStatus status) {
      Appointment gone = insert(appt("gone", NORTE, ANA, 0, 30, status));
      Appointment held = insert(appt("held", NORTE, ANA, 0, 30, AppointmentStatus.RESCHEDULED));

      assertThat(holding(NORTE, ANA, -60, 60)).containsExactly(held);
      assertThat(store.find(NORTE, gone.id())).as("still stored").contains(gone);
    }

    @ParameterizedTest
    @EnumSource(
        value = AppointmentStatus.class,
        names = {"REQUESTED", "SCHEDULED", "CONFIRMED", "RESCHEDULED"})
    void everyTimeHoldingStatusIsIncluded(AppointmentStatus status) {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30, status));

      assertThat(holding(NORTE, ANA, -60, 60)).containsExactly(a);
    }

    @Test
    void resultsArePerResource() {
      Appointment ana = insert(appt("ana-1", NORTE, ANA, 0, 30));
      Appointment ben = insert(appt("ben-1", NORTE, BEN, 0, 30));

      assertThat(holding(NORTE, ANA, -60, 60)).containsExactly(ana);
      assertThat(holding(NORTE, BEN, -60, 60)).containsExactly(ben);
      assertThat(holding(NORTE, ResourceId.of("nobody"), -60, 60)).isEmpty();
    }
  }

  @Nested
  @DisplayName("findByAttendee")
  class FindByAttendee {
    private static final String PHONE = "+56912345678";
    private static final String EMAIL = "Camila.Rojas@Example.CL";

    private Appointment customer(
        String id, TenantId tenant, ResourceId resource, int startMinute, AppointmentStatus s) {
      Appointment a = appt(id, tenant, resource, startMinute, 30, s);
      return insert(
          a.toBuilder()
              .attendee(a.attendee().toBuilder().phone(PHONE).email(EMAIL).build())
              .build());
    }

    private Appointment stranger(String id, int startMinute) {
      Appointment a = appt(id, NORTE, ANA, startMinute, 30);
      return insert(
          a.toBuilder()
              .attendee(
                  Attendee.builder("Otra Persona")
                      .phone("+56987654321")
                      .email("otra@example.cl")
                      .build())
              .build());
    }

    private List<Appointment> all(AttendeeQuery.Builder query) {
      return store.findByAttendee(query.build()).appointments();
    }

    @Test
    void findsTheCustomersAppointmentsOfEveryStatusInStartOrderAndNoOneElses() {
      Appointment later = customer("b-later", NORTE, BEN, 240, AppointmentStatus.CONFIRMED);
      Appointment cancelled = customer("c-gone", NORTE, ANA, 60, AppointmentStatus.CANCELLED);
      Appointment first = customer("a-first", NORTE, ANA, 0, AppointmentStatus.SCHEDULED);
      stranger("d-other", 120);
      customer("e-sur", SUR, ANA, 0, AppointmentStatus.SCHEDULED);

      assertThat(all(AttendeeQuery.byPhone(NORTE, "+56 9 1234-5678")))
          .containsExactly(first, cancelled, later);
      assertThat(all(AttendeeQuery.byPhone(TenantId.of("nadie"), PHONE))).isEmpty();
    }

    @Test
    void comparesTheEmailWithoutCaseAndAsAWholeAddress() {
      Appointment mine = customer("a", NORTE, ANA, 0, AppointmentStatus.SCHEDULED);
      stranger("b", 60);

      assertThat(all(AttendeeQuery.byEmail(NORTE, "camila.rojas@example.cl")))
          .containsExactly(mine);
      assertThat(all(AttendeeQuery.byEmail(NORTE, "CAMILA.ROJAS@EXAMPLE.CL")))
          .containsExactly(mine);
      assertThat(all(AttendeeQuery.byEmail(NORTE, "%@example.cl")))
          .as("no pattern matching")
          .isEmpty();
      assertThat(all(AttendeeQuery.byEmail(NORTE, "rojas@example.cl"))).isEmpty();
      assertThat(all(AttendeeQuery.byPhone(NORTE, "+5691234567")))
          .as("a prefix of the phone")
          .isEmpty();
    }

    @Test
    void keepsOnlyWhatTheFiltersAsk() {
      Appointment a = customer("a", NORTE, ANA, 0, AppointmentStatus.SCHEDULED);
      Appointment b = customer("b", NORTE, BEN, 60, AppointmentStatus.CONFIRMED);
      Appointment c = customer("c", NORTE, ANA, 120, AppointmentStatus.CANCELLED);
      Appointment d =
          insert(
              customerAttendee(appt("d", NORTE, BEN, 180, 30)).toBuilder()
                  .type(AppointmentTypeId.of("control"))
                  .build());

      assertThat(
              all(
                  AttendeeQuery.byPhone(NORTE, PHONE)
                      .statuses(AppointmentStatus.SCHEDULED, AppointmentStatus.CONFIRMED)))
          .containsExactly(a, b, d);
      assertThat(all(AttendeeQuery.byPhone(NORTE, PHONE).resource(ANA))).containsExactly(a, c);
      assertThat(all(AttendeeQuery.byPhone(NORTE, PHONE).type(AppointmentTypeId.of("control"))))
          .containsExactly(d);
      assertThat(all(AttendeeQuery.byPhone(NORTE, PHONE).startingFrom(at(60))))
          .as("from is inclusive")
          .containsExactly(b, c, d);
      assertThat(all(AttendeeQuery.byPhone(NORTE, PHONE).startingBefore(at(120))))
          .as("before is exclusive")
          .containsExactly(a, b);
    }

    @Test
    void pagesFollowOneAnotherWithoutGapsOrRepeatsAlsoAcrossEqualStarts() {
      List<Appointment> expected = new ArrayList<>();
      expected.add(customer("a1", NORTE, ANA, 0, AppointmentStatus.SCHEDULED));
      expected.add(customer("b1", NORTE, ANA, 60, AppointmentStatus.SCHEDULED));
      expected.add(customer("b2", NORTE, BEN, 60, AppointmentStatus.SCHEDULED));
      expected.add(customer("c1", NORTE, ANA, 120, AppointmentStatus.SCHEDULED));
      expected.add(customer("d1", NORTE, ANA, 180, AppointmentStatus.SCHEDULED));

      List<Appointment> seen = new ArrayList<>();
      List<Integer> sizes = new ArrayList<>();
      AttendeeQuery.Builder query = AttendeeQuery.byPhone(NORTE, PHONE).limit(2);
      for (int round = 0; round < 10; round++) {
        AppointmentPage page = store.findByAttendee(query.build());
        seen.addAll(page.appointments());
        sizes.add(page.appointments().size());
        if (page.next().isEmpty()) {
          break;
        }
        query = AttendeeQuery.byPhone(NORTE, PHONE).limit(2).after(page.next().get());
      }

      assertThat(seen).containsExactlyElementsOf(expected);
      assertThat(sizes).containsExactly(2, 2, 1);
    }

    @Test
    void followsAMoveAndAChangedContact() {
      Appointment a = customer("a", NORTE, ANA, 0, AppointmentStatus.SCHEDULED);
      Appointment b = customer("b", NORTE, ANA, 60, AppointmentStatus.SCHEDULED);
      Appointment moved =
          store.update(
              a.toBuilder()
                  .start(at(300))
                  .end(at(330))
                  .status(AppointmentStatus.RESCHEDULED)
                  .build(),
              ConflictCheck.none());
      store.update(
          b.toBuilder().attendee(b.attendee().toBuilder().phone("+56911112222").build()).build(),
          ConflictCheck.none());

      assertThat(all(AttendeeQuery.byPhone(NORTE, PHONE))).containsExactly(moved);
      assertThat(all(AttendeeQuery.byPhone(NORTE, "+56911112222")))
          .extracting(x -> x.id().value())
          .containsExactly("b");
    }

    private Appointment customerAttendee(Appointment a) {
      return a.toBuilder()
          .attendee(a.attendee().toBuilder().phone(PHONE).email(EMAIL).build())
          .build();
    }
  }

  @Nested
  @DisplayName("findStartingBetween")
  class FindStartingBetween {
    private List<Appointment> starting(TenantId tenant, int fromMinute, int toMinute) {
      return store.findStartingBetween(tenant, at(fromMinute), at(toMinute));
    }

    @Test
    void onlyTheStartCountsAndTheRangeIsHalfOpen() {
      Appointment a = insert(appt("a", NORTE, ANA, 60, 30)); // starts at 60

      assertThat(starting(NORTE, 60, 61)).as("range starting at its start").containsExactly(a);
      assertThat(starting(NORTE, 0, 60)).as("range ending at its start").isEmpty();
      assertThat(starting(NORTE, 61, 120)).as("range inside it, after its start").isEmpty();
    }

    @Test
    void everyResourceOfTheTenantSortedByStart() {
      Appointment late = insert(appt("a-late", NORTE, BEN, 300, 30));
      Appointment early = insert(appt("z-early", NORTE, ANA, 0, 30));
      Appointment middle = insert(appt("m-middle", NORTE, BEN, 120, 30));

      assertThat(starting(NORTE, -60, 600)).containsExactly(early, middle, late);
    }

    @Test
    void neverReturnsAnotherTenantsRows() {
      Appointment mine = insert(appt("mine", NORTE, ANA, 0, 30));
      Appointment theirs = insert(appt("theirs", SUR, ANA, 0, 30));

      assertThat(starting(NORTE, -60, 60)).containsExactly(mine);
      assertThat(starting(SUR, -60, 60)).containsExactly(theirs);
      assertThat(starting(TenantId.of("nadie"), -60, 60)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(
        value = AppointmentStatus.class,
        names = {"CANCELLED", "COMPLETED", "NO_SHOW"})
    void statusesThatHoldNoTimeAreLeftOut(AppointmentStatus status) {
      insert(appt("gone", NORTE, ANA, 0, 30, status));
      Appointment held = insert(appt("held", NORTE, BEN, 0, 30, AppointmentStatus.REQUESTED));

      assertThat(starting(NORTE, -60, 60)).containsExactly(held);
    }

    @Test
    void followsAnUpdateThatMovesOrCancelsTheAppointment() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment moved =
          store.update(
              a.toBuilder()
                  .start(at(240))
                  .end(at(270))
                  .status(AppointmentStatus.RESCHEDULED)
                  .build(),
              ConflictCheck.none());

      assertThat(starting(NORTE, -60, 60)).as("old start").isEmpty();
      assertThat(starting(NORTE, 200, 300)).as("new start").containsExactly(moved);

      store.update(
          moved.toBuilder().status(AppointmentStatus.CANCELLED).build(), ConflictCheck.none());
      assertThat(starting(NORTE, 200, 300)).as("cancelled").isEmpty();
    }
  }

  @Nested
  @DisplayName("tenant isolation")
  class TenantIsolation {
    @Test
    void findNeverReturnsAnotherTenantsAppointment() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

      assertThat(store.find(SUR, a.id())).isEmpty();
      assertThat(store.find(NORTE, a.id())).contains(a);
    }

    @Test
    void theSameIdInTwoTenantsIsTwoAppointments() {
      Appointment norte = insert(appt("shared", NORTE, ANA, 0, 30));
      Appointment sur = insert(appt("shared", SUR, ANA, 60, 30));

      assertThat(store.find(NORTE, AppointmentId.of("shared"))).contains(norte);
      assertThat(store.find(SUR, AppointmentId.of("shared"))).contains(sur);
    }

    @Test
    void findTimeHoldingNeverReturnsAnotherTenantsRows() {
      Appointment mine = insert(appt("mine", NORTE, ANA, 0, 30));
      Appointment theirs1 = insert(appt("theirs-1", SUR, ANA, 0, 30));
      Appointment theirs2 = insert(appt("theirs-2", SUR, ANA, 60, 30));

      assertThat(holding(NORTE, ANA, -600, 600)).containsExactly(mine);
      assertThat(holding(SUR, ANA, -600, 600)).containsExactly(theirs1, theirs2);
      assertThat(holding(TenantId.of("nadie"), ANA, -600, 600)).isEmpty();
    }

    @Test
    void updateCannotReachAnotherTenantsAppointment() {
      Appointment norte = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment forged =
          norte.toBuilder().tenant(SUR).status(AppointmentStatus.CANCELLED).build();

      assertThatThrownBy(() -> store.update(forged, ConflictCheck.none()))
          .isInstanceOf(NotFoundException.class);

      assertThat(store.find(NORTE, norte.id())).contains(norte);
      assertThat(store.find(SUR, norte.id())).isEmpty();
    }

    @Test
    void anotherTenantsBookingDoesNotBlockTheSameResourceIdHere() {
      insert(appt("theirs", SUR, ANA, 0, 30));
      Appointment mine = appt("mine", NORTE, ANA, 0, 30);

      Appointment stored = store.insert(mine, new NoOverlap(mine));

      assertThat(store.find(NORTE, mine.id())).contains(stored);
    }
  }

  @Nested
  @DisplayName("outbox written with the appointment")
  class Outbox {
    private OutboxStore outbox;

    @BeforeEach
    void needsAnOutbox() {
      OutboxStore found = outboxOf(store);
      if (found == null) {
        throw new TestAbortedException("outboxOf(store) returned null: outbox group skipped");
      }
      outbox = found;
    }

    private OutboxEntry entry(Appointment a, SyncAction action, long sequence) {
      return OutboxEntry.pending(a.tenant(), a.id(), "google", action, sequence, T0);
    }

    @Test
    void anInsertStoresItsEntriesWithTheAppointment() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);
      OutboxEntry create = entry(a, SyncAction.CREATE, 0);

      store.insert(a, ConflictCheck.none(), List.of(create));

      assertThat(store.find(NORTE, a.id())).contains(a);
      assertThat(outbox.entries(NORTE)).containsExactly(create);
      assertThat(outbox.find(create.id()))
          .get()
          .extracting(OutboxEntry::status)
          .isEqualTo(OutboxStatus.PENDING);
      assertThat(outbox.entries(SUR)).as("tenant isolation").isEmpty();
    }

    @Test
    void anUpdateStoresItsEntriesWithTheNewVersion() {
      Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));
      OutboxEntry cancel = entry(v0, SyncAction.CANCEL, 1);

      Appointment v1 =
          store.update(
              v0.toBuilder().status(AppointmentStatus.CANCELLED).build(),
              ConflictCheck.none(),
              List.of(cancel));

      assertThat(v1.version()).isEqualTo(1);
      assertThat(outbox.entries(NORTE)).containsExactly(cancel);
    }

    @Test
    void unfinishedListsTheEntriesNotDoneOfOneAppointmentAndProviderInSequenceOrder() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);
      OutboxEntry create = entry(a, SyncAction.CREATE, 0);
      OutboxEntry otherProvider =
          OutboxEntry.pending(NORTE, a.id(), "calcom", SyncAction.CREATE, 0, T0);
      Appointment v0 = store.insert(a, ConflictCheck.none(), List.of(create, otherProvider));
      OutboxEntry update = entry(v0, SyncAction.UPDATE, 1);
      store.update(v0.toBuilder().notes("moved").build(), ConflictCheck.none(), List.of(update));
      Appointment b = insert(appt("b", NORTE, ANA, 60, 90));

      assertThat(outbox.unfinished(NORTE, a.id(), "google"))
          .extracting(OutboxEntry::id)
          .containsExactly(create.id(), update.id());
      assertThat(outbox.unfinished(NORTE, b.id(), "google")).isEmpty();
      assertThat(outbox.unfinished(SUR, a.id(), "google")).as("tenant isolation").isEmpty();

      List<OutboxEntry> claimed =
          outbox.claimDue(T0.plusSeconds(1), 10, "w1", java.time.Duration.ofMinutes(1));
      assertThat(claimed).extracting(OutboxEntry::id).contains(create.id());
      assertThat(outbox.complete(create.id(), "w1")).isTrue();

      assertThat(outbox.unfinished(NORTE, a.id(), "google"))
          .extracting(OutboxEntry::id)
          .containsExactly(update.id());
    }

    @Test
    void aRefusedInsertStoresNoEntry() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);

      assertThatThrownBy(
              () ->
                  store.insert(
                      a,
                      new RecordingCheck(minutes(0, 30), true),
                      List.of(entry(a, SyncAction.CREATE, 0))))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(store.find(NORTE, a.id())).isEmpty();
      assertThat(outbox.entries(NORTE)).isEmpty();
    }

    @Test
    void anInsertAllStoresEveryEntryOrNone() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);
      Appointment b = appt("b", NORTE, ANA, 60, 30);
      Appointment c = appt("c", NORTE, ANA, 120, 30);
      OutboxEntry createA = entry(a, SyncAction.CREATE, 0);
      OutboxEntry createB = entry(b, SyncAction.CREATE, 0);

      store.insertAll(
          List.of(
              new Placement(a, new NoOverlap(a), List.of(createA)),
              new Placement(b, new NoOverlap(b), List.of(createB))));
      assertThatThrownBy(
              () ->
                  store.insertAll(
                      List.of(
                          new Placement(
                              c, new NoOverlap(c), List.of(entry(c, SyncAction.CREATE, 0))),
                          new Placement(
                              appt("d", NORTE, ANA, 60, 30),
                              new RecordingCheck(minutes(60, 90), true),
                              List.of()))))
          .isInstanceOf(PlacementsRefusedException.class);

      assertThat(outbox.entries(NORTE)).containsExactlyInAnyOrder(createA, createB);
    }

    @Test
    void aDuplicateInsertStoresNoEntry() {
      Appointment a = insert(appt("a", NORTE, ANA, 0, 30));

      assertThatThrownBy(
              () -> store.insert(a, ConflictCheck.none(), List.of(entry(a, SyncAction.CREATE, 0))))
          .isInstanceOf(DuplicateAppointmentException.class);

      assertThat(outbox.entries(NORTE)).isEmpty();
    }

    @Test
    void aRefusedOrStaleUpdateStoresNoEntry() {
      Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));
      Appointment moved = v0.toBuilder().start(at(60)).end(at(90)).build();

      assertThatThrownBy(
              () ->
                  store.update(
                      moved,
                      new RecordingCheck(minutes(60, 90), true),
                      List.of(entry(v0, SyncAction.UPDATE, 1))))
          .isInstanceOf(SlotUnavailableException.class);
      store.update(v0.toBuilder().notes("v1").build(), ConflictCheck.none());
      assertThatThrownBy(
              () ->
                  store.update(
                      moved, ConflictCheck.none(), List.of(entry(v0, SyncAction.UPDATE, 1))))
          .isInstanceOf(ConcurrentUpdateException.class);

      assertThat(outbox.entries(NORTE)).isEmpty();
    }

    @Test
    void anEntryOfAnotherAppointmentIsRefusedAndNothingIsWritten() {
      Appointment a = appt("a", NORTE, ANA, 0, 30);
      Appointment b = appt("b", NORTE, ANA, 60, 30);

      assertThatThrownBy(
              () -> store.insert(a, ConflictCheck.none(), List.of(entry(b, SyncAction.CREATE, 0))))
          .isInstanceOf(dev.cita.scheduling.ValidationException.class);

      assertThat(store.find(NORTE, a.id())).isEmpty();
      assertThat(outbox.entries(NORTE)).isEmpty();
    }
  }

  @Nested
  @DisplayName("collective (all-of) appointments")
  class Collective {
    private final ResourceId carl = ResourceId.of("dr-carl");

    private Appointment collective(String id, ResourceId host, int start, ResourceId... others) {
      return appt(id, NORTE, host, start, 30).toBuilder().participants(List.of(others)).build();
    }

    @Test
    void eachMembersEventIdRoundTripsAndFindsTheAppointment() {
      Appointment a = store.insert(collective("c", ANA, 0, BEN, carl), ConflictCheck.none());
      // Google gives each member's copy the same id (ids are unique per calendar), Microsoft its
      // own per mailbox: both kinds find the appointment.
      Appointment pushed =
          store.update(
              a.toBuilder()
                  .externalRef("google", "g-1")
                  .externalRef("google", ANA, "g-1")
                  .externalRef("google", BEN, "g-1")
                  .externalRef("microsoft", carl, "m-carl")
                  .build(),
              ConflictCheck.none());

      Appointment found = store.find(NORTE, a.id()).orElseThrow();
      assertThat(found).isEqualTo(pushed);
      assertThat(found.externalRef("google", BEN)).contains("g-1");
      assertThat(found.externalRef("microsoft", carl)).contains("m-carl");
      assertThat(found.externalRef("microsoft")).as("no primary event recorded").isEmpty();
      assertThat(store.findByExternalRef(NORTE, "google", "g-1")).contains(found);
      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-carl")).contains(found);
      assertThat(store.findByExternalRef(NORTE, "google", "m-carl")).isEmpty();
      assertThat(store.findByExternalRef(SUR, "microsoft", "m-carl")).isEmpty();
    }

    @Test
    void aMembersEventIdReplacedOrDroppedNoLongerFindsTheAppointment() {
      Appointment a = store.insert(collective("c", ANA, 0, BEN), ConflictCheck.none());
      Appointment first =
          store.update(
              a.toBuilder()
                  .externalRef("microsoft", "m-ana")
                  .externalRef("microsoft", ANA, "m-ana")
                  .externalRef("microsoft", BEN, "m-ben")
                  .build(),
              ConflictCheck.none());

      Appointment second =
          store.update(
              first.toBuilder().externalRef("microsoft", BEN, "m-ben-2").build(),
              ConflictCheck.none());

      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-ben-2")).contains(second);
      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-ana")).contains(second);
      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-ben")).isEmpty();
      Appointment none =
          store.update(
              second.toBuilder().memberRefs(java.util.Map.of()).build(), ConflictCheck.none());
      assertThat(none.memberRefs()).isEmpty();
      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-ben-2")).isEmpty();
      assertThat(store.findByExternalRef(NORTE, "microsoft", "m-ana")).contains(none);
    }

    @Test
    void participantsRoundTripSortedAndResourcesStartWithTheHost() {
      Appointment a = collective("c", ResourceId.of("a-host"), 0, carl, BEN);

      store.insert(a, ConflictCheck.none());

      Appointment found = store.find(NORTE, a.id()).orElseThrow();
      assertThat(found.participants()).containsExactly(BEN, carl);
      assertThat(found.resources()).containsExactly(ResourceId.of("a-host"), BEN, carl);
      assertThat(found).isEqualTo(a);
    }

    @Test
    void batchWritesTakeNoCollectiveAppointmentAndWriteNothing() {
      Appointment single = appt("single", NORTE, BEN, 120, 30);
      Appointment stored = store.insert(collective("c", ANA, 0, carl), ConflictCheck.none());
      Appointment moved = stored.toBuilder().start(at(60)).end(at(90)).build();

      assertThatThrownBy(
              () ->
                  store.insertAll(
                      List.of(
                          new Placement(single, ConflictCheck.none(), List.of()),
                          new Placement(
                              collective("c2", ANA, 200, carl), ConflictCheck.none(), List.of()))))
          .isInstanceOf(dev.cita.scheduling.ValidationException.class)
          .hasMessageContaining("placements");
      assertThatThrownBy(
              () ->
                  store.updateAll(
                      List.of(
                          new Placement(
                              moved.toBuilder().participants(List.of()).build(),
                              ConflictCheck.none(),
                              List.of()))))
          .isInstanceOf(dev.cita.scheduling.ValidationException.class)
          .hasMessageContaining("placements");

      assertThat(store.find(NORTE, single.id())).isEmpty();
      assertThat(store.find(NORTE, stored.id())).contains(stored);
      assertThat(holding(NORTE, carl, 0, 30)).containsExactly(stored);
    }

    @Test
    void findTimeHoldingReturnsItForEveryResourceItHolds() {
      Appointment a = store.insert(collective("c", ANA, 0, BEN, carl), ConflictCheck.none());

      assertThat(holding(NORTE, ANA, 0, 30)).containsExactly(a);
      assertThat(holding(NORTE, BEN, 0, 30)).containsExactly(a);
      assertThat(holding(NORTE, carl, 10, 20)).containsExactly(a);
      assertThat(holding(NORTE, carl, 30, 60)).as("half-open, as for the host").isEmpty();
      assertThat(holding(NORTE, ResourceId.of("a-host"), 0, 30)).isEmpty();
      assertThat(store.findTimeHolding(SUR, BEN, at(0), at(30))).isEmpty();
    }

    @Test
    void theCheckRunsOncePerResourceAgainstThatResourcesAppointments() {
      Appointment benAlone = insert(appt("ben-alone", NORTE, BEN, 0, 30));
      Appointment carlAlone = insert(appt("carl-alone", NORTE, carl, 0, 30));
      Map<ResourceId, List<Appointment>> seen = new HashMap<>();
      ConflictCheck recording =
          new ConflictCheck() {
            @Override
            public java.util.Optional<dev.cita.scheduling.model.TimeInterval> lookupRange() {
              return java.util.Optional.of(minutes(-60, 60));
            }

            @Override
            public void verify(Appointment candidate, List<Appointment> existing) {
              throw new AssertionError("the store must call verify(resource, ...)");
            }

            @Override
            public void verify(
                ResourceId resource, Appointment candidate, List<Appointment> existing) {
              seen.put(resource, existing);
            }
          };

      store.insert(
          appt("c", NORTE, ANA, 60, 30).toBuilder().participants(List.of(BEN, carl)).build(),
          recording);

      assertThat(seen).containsOnlyKeys(ANA, BEN, carl);
      assertThat(seen.get(ANA)).isEmpty();
      assertThat(seen.get(BEN)).containsExactly(benAlone);
      assertThat(seen.get(carl)).containsExactly(carlAlone);
    }

    @Test
    void oneBusyMemberRefusesTheWholeAppointmentAndNothingIsWritten() {
      insert(appt("carl-busy", NORTE, carl, 15, 30));
      Appointment a = collective("c", ANA, 0, BEN, carl);

      assertThatThrownBy(() -> store.insert(a, new NoOverlap(a)))
          .isInstanceOf(SlotUnavailableException.class);

      assertThat(store.find(NORTE, a.id())).isEmpty();
      assertThat(holding(NORTE, ANA, 0, 30)).isEmpty();
      assertThat(holding(NORTE, BEN, 0, 30)).isEmpty();
    }

    @Test
    void aSingleBookingOfAParticipantSeesTheCollectiveAppointment() {
      Appointment a = collective("c", ANA, 0, BEN);
      store.insert(a, new NoOverlap(a));
      Appointment single = appt("ben-single", NORTE, BEN, 10, 30);

      assertThatThrownBy(() -> store.insert(single, new NoOverlap(single)))
          .isInstanceOf(SlotUnavailableException.class);
      assertThat(store.find(NORTE, single.id())).isEmpty();
    }

    @Test
    void moveAndCancelApplyToEveryResource() {
      Appointment a = store.insert(collective("c", ANA, 0, BEN, carl), ConflictCheck.none());

      Appointment moved =
          store.update(a.toBuilder().start(at(120)).end(at(150)).build(), ConflictCheck.none());

      for (ResourceId r : List.of(ANA, BEN, carl)) {
        assertThat(holding(NORTE, r, 0, 30)).as("old time of " + r).isEmpty();
        assertThat(holding(NORTE, r, 120, 150)).as("new time of " + r).containsExactly(moved);
      }
      store.update(
          moved.toBuilder().status(AppointmentStatus.CANCELLED).build(), ConflictCheck.none());
      for (ResourceId r : List.of(ANA, BEN, carl)) {
        assertThat(holding(NORTE, r, 0, 600)).as("after the cancel, " + r).isEmpty();
      }
      assertThat(store.find(NORTE, a.id()).orElseThrow().participants()).containsExactly(BEN, carl);
    }

    @Test
    void anUpdateThatDropsAParticipantFreesItsTime() {
      Appointment a = store.insert(collective("c", ANA, 0, BEN, carl), ConflictCheck.none());

      Appointment fewer =
          store.update(a.toBuilder().participants(List.of(BEN)).build(), ConflictCheck.none());

      assertThat(holding(NORTE, carl, 0, 30)).isEmpty();
      assertThat(holding(NORTE, BEN, 0, 30)).containsExactly(fewer);
    }

    /**
     * Sixteen threads book overlapping collective and single appointments over three resources,
     * host and participants in every order: no resource ends up with two overlapping appointments,
     * every stored collective holds all of its resources, and no write deadlocks (Race times out).
     */
    @RepeatedTest(3)
    void concurrentCollectiveAndSingleBookingsNeverDoubleBookAResource() throws Exception {
      List<ResourceId> all = List.of(ANA, BEN, carl);
      List<Outcome<Appointment>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                ResourceId host = all.get(i % 3);
                Appointment candidate =
                    switch (i % 4) {
                      case 0 -> collective("all-" + i, host, i, all.get((i + 1) % 3));
                      case 1 ->
                          collective(
                              "all-" + i, host, i, all.get((i + 1) % 3), all.get((i + 2) % 3));
                      default -> appt("one-" + i, NORTE, host, i, 30);
                    };
                return () -> store.insert(candidate, new NoOverlap(candidate));
              });

      assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::error))
          .allSatisfy(e -> assertThat(e).isInstanceOf(SlotUnavailableException.class));
      List<Appointment> stored =
          outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
      assertThat(stored).isNotEmpty();
      for (ResourceId r : all) {
        List<Appointment> held = holding(NORTE, r, -60, 120);
        for (int x = 0; x < held.size(); x++) {
          for (int y = x + 1; y < held.size(); y++) {
            assertThat(held.get(x).interval().overlaps(held.get(y).interval()))
                .as(r + " double-booked by " + held.get(x).id() + " and " + held.get(y).id())
                .isFalse();
          }
        }
      }
      for (Appointment a : stored) {
        for (ResourceId r : a.resources()) {
          assertThat(holding(NORTE, r, -60, 120)).as(a.id() + " held at " + r).contains(a);
        }
      }
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @RepeatedTest(3)
    void ofSixteenOverlappingInsertsForOneResourceExactlyOneIsStored() throws Exception {
      List<Outcome<Appointment>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                Appointment candidate =
                    appt("race-" + i, NORTE, ANA, i, 30); // all overlap each other
                return () -> store.insert(candidate, new NoOverlap(candidate));
              });

      List<Appointment> stored = successes(outcomes);
      assertThat(stored).as("inserts that succeeded").hasSize(1);
      assertThat(failures(outcomes))
          .as("the others are refused as unavailable")
          .hasSize(Race.THREADS - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(SlotUnavailableException.class));
      assertThat(holding(NORTE, ANA, -60, 120)).containsExactly(stored.get(0));
    }

    @Test
    void insertsForDifferentResourcesDoNotRefuseEachOther() throws Exception {
      List<Outcome<Appointment>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                Appointment candidate = appt("race-" + i, NORTE, ResourceId.of("room-" + i), 0, 30);
                return () -> store.insert(candidate, new NoOverlap(candidate));
              });

      assertThat(failures(outcomes)).isEmpty();
      for (int i = 0; i < Race.THREADS; i++) {
        assertThat(holding(NORTE, ResourceId.of("room-" + i), 0, 30)).hasSize(1);
      }
    }

    @Test
    void ofSixteenInsertsOfOneIdForDifferentResourcesExactlyOneIsStored() throws Exception {
      List<Outcome<Appointment>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                Appointment candidate = appt("same-id", NORTE, ResourceId.of("room-" + i), 0, 30);
                return () -> store.insert(candidate, new NoOverlap(candidate));
              });

      List<Appointment> stored = successes(outcomes);
      assertThat(stored).hasSize(1);
      assertThat(failures(outcomes))
          .hasSize(Race.THREADS - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(DuplicateAppointmentException.class));
      assertThat(store.find(NORTE, AppointmentId.of("same-id"))).contains(stored.get(0));
      List<Appointment> everywhere = new ArrayList<>();
      for (int i = 0; i < Race.THREADS; i++) {
        everywhere.addAll(holding(NORTE, ResourceId.of("room-" + i), 0, 30));
      }
      assertThat(everywhere).as("held at one resource only").containsExactly(stored.get(0));
    }

    @Test
    void ofSixteenUpdatesBasedOnOneVersionExactlyOneWins() throws Exception {
      Appointment v0 = insert(appt("a", NORTE, ANA, 0, 30));

      List<Outcome<Appointment>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                Appointment change = v0.toBuilder().notes("update " + i).build();
                return () -> store.update(change, new NoOverlap(change));
              });

      List<Appointment> winners = successes(outcomes);
      assertThat(winners).hasSize(1);
      assertThat(winners.get(0).version()).isEqualTo(1);
      assertThat(failures(outcomes))
          .hasSize(Race.THREADS - 1)
          .allSatisfy(e -> assertThat(e).isInstanceOf(ConcurrentUpdateException.class));
      assertThat(store.find(NORTE, v0.id())).contains(winners.get(0));
    }

    private List<Appointment> successes(List<Outcome<Appointment>> outcomes) {
      return outcomes.stream().filter(Outcome::succeeded).map(Outcome::value).toList();
    }

    private List<Throwable> failures(List<Outcome<Appointment>> outcomes) {
      return outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::error).toList();
    }
  }
}
