package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.availability.NaiveSlotEngine.Candidate;
import dev.cita.scheduling.availability.NaiveSlotEngine.Window;
import dev.cita.scheduling.availability.Scenarios.Scenario;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The slot engine over random schedules (overnight windows, 24:00 ends, overrides, validity ranges,
 * one-off and recurring time off), random bookings with their own buffers, random policies and
 * zones with DST changes at midnight, at 02:00, by 30 minutes, or none at all. Seeded random runs
 * ({@link Seeded}): a failure prints the seed that replays it.
 */
class SlotEngineProperties {
  private final SlotEngine engine = SlotEngine.create();

  private static Scenario single(Random rnd) {
    return Scenarios.generate(rnd, 1);
  }

  /** Zones with DST, a range across one of their changes, windows across the small hours. */
  private static Scenario dst(Random rnd) {
    return Scenarios.generate(rnd, 1, true);
  }

  private static Scenario team(Random rnd) {
    return Scenarios.generate(rnd, 2 + rnd.nextInt(2));
  }

  private static void forAll(
      int tries,
      java.util.function.Function<Random, Scenario> generator,
      Consumer<Scenario> property) {
    Seeded.forAll(
        tries,
        rnd -> {
          Scenario s = generator.apply(rnd);
          try {
            property.accept(s);
          } catch (AssertionError | RuntimeException e) {
            throw new AssertionError(e.getMessage() + "\nscenario: " + s, e);
          }
        });
  }

  // ---- soundness: every slot obeys every rule -----------------------------------------------

  @Test
  void everySlotObeysEveryRule() {
    forAll(250, SlotEngineProperties::single, this::assertObeysEveryRule);
  }

  @Test
  void everySlotObeysEveryRuleAcrossDstChanges() {
    forAll(250, SlotEngineProperties::dst, this::assertObeysEveryRule);
  }

  private void assertObeysEveryRule(Scenario s) {
    ResourceAvailability r = s.resource();
    AppointmentType type = s.type();
    ZoneId zone = r.schedule().zone();
    List<TimeSlot> slots = engine.slots(r, type, s.from(), s.to(), s.now());
    List<Window> windows =
        NaiveSlotEngine.windows(r.schedule(), type.serviceHours().orElse(null), s.from(), s.to());
    List<TimeInterval> off =
        new ArrayList<>(NaiveSlotEngine.timeOff(r.schedule(), s.to().plusDays(4).atStartOfDay()));
    off.addAll(NaiveSlotEngine.closures(r.closures(), zone, s.to().plusDays(4).atStartOfDay()));

    Instant previous = null;
    for (TimeSlot slot : slots) {
      Instant t = slot.start();
      Instant end = slot.end();
      LocalDateTime local = LocalDateTime.ofInstant(t, zone);
      // shape
      assertThat(slot.duration()).isEqualTo(type.duration());
      assertThat(slot.resources()).containsExactly(r.resource());
      if (previous != null) {
        assertThat(t).as("sorted and unique").isAfter(previous);
      }
      previous = t;
      // inside one open window, on its wall-clock grid, at the earlier offset when ambiguous
      assertThat(windows)
          .as("a window holding %s (%s)", t, local)
          .anySatisfy(
              w -> {
                assertThat(t).isAfterOrEqualTo(w.start());
                assertThat(end).isBeforeOrEqualTo(w.end());
                assertThat(NaiveSlotEngine.onGrid(w, local, type.step().getSeconds())).isTrue();
              });
      assertThat(t).isEqualTo(NaiveSlotEngine.earliest(local, zone));
      // notice and horizon, as elapsed time
      assertThat(t).isAfterOrEqualTo(s.now().plus(type.minimumNotice()));
      assertThat(t).isBefore(s.now().plus(type.horizon()));
      // busy time
      Instant bufferedStart = t.minus(type.bufferBefore());
      Instant bufferedEnd = end.plus(type.bufferAfter());
      for (TimeInterval i : off) {
        assertThat(NaiveSlotEngine.overlaps(bufferedStart, bufferedEnd, i.start(), i.end()))
            .as("%s against time off or closure %s", slot, i)
            .isFalse();
      }
      for (TimeInterval i : r.externalBusy().intervals()) {
        assertThat(NaiveSlotEngine.overlaps(bufferedStart, bufferedEnd, i.start(), i.end()))
            .as("%s against external busy %s", slot, i)
            .isFalse();
      }
      int seatsTaken = 0;
      int sameDay = 0;
      for (Appointment a : r.appointments()) {
        if (!NaiveSlotEngine.HOLDING.contains(a.status())) {
          continue;
        }
        boolean sameType = a.type().equals(type.id());
        if (sameType && LocalDate.ofInstant(a.start(), zone).equals(local.toLocalDate())) {
          sameDay++;
        }
        if (sameType && a.start().equals(t) && a.end().equals(end)) {
          seatsTaken++;
          assertThat(type.seats()).as("only seated types share a slot").isGreaterThan(1);
          continue;
        }
        assertThat(NaiveSlotEngine.overlaps(bufferedStart, bufferedEnd, a.start(), a.end()))
            .as("%s buffered against %s", slot, a)
            .isFalse();
        assertThat(
                NaiveSlotEngine.overlaps(
                    t, end, a.start().minus(a.bufferBefore()), a.end().plus(a.bufferAfter())))
            .as("%s against buffered %s", slot, a)
            .isFalse();
      }
      assertThat(slot.remainingSeats()).isEqualTo(type.seats() - seatsTaken).isPositive();
      if (type.maxPerDay().isPresent()) {
        assertThat(sameDay).isLessThan(type.maxPerDay().getAsInt());
      }
    }
  }

  // ---- completeness: exactly the naive reference's slots ------------------------------------

  @Test
  void slotsEqualTheNaiveReference() {
    Seeded.Coverage coverage = new Seeded.Coverage();
    forAll(300, SlotEngineProperties::single, s -> assertEqualsNaive(s, coverage));
    coverage.assertAtLeast("slots", 50);
    coverage.assertAtLeast("seat partly taken", 3);
    coverage.assertAtLeast("closure removed a slot", 10);
    coverage.assertAtLeast("service hours removed a slot", 10);
  }

  @Test
  void slotsEqualTheNaiveReferenceAcrossDstChanges() {
    Seeded.Coverage coverage = new Seeded.Coverage();
    forAll(300, SlotEngineProperties::dst, s -> assertEqualsNaive(s, coverage));
    coverage.assertAtLeast("slots", 50);
    coverage.assertAtLeast("window across a DST change", 30);
    coverage.assertAtLeast("slot at an ambiguous time", 3);
    coverage.assertAtLeast("closure removed a slot", 10);
    coverage.assertAtLeast("service hours removed a slot", 10);
    coverage.assertAtLeast("service window across a DST change", 5);
  }

  private void assertEqualsNaive(Scenario s, Seeded.Coverage coverage) {
    List<TimeSlot> expected =
        NaiveSlotEngine.slots(s.resource(), s.type(), s.from(), s.to(), s.now());
    List<TimeSlot> actual = engine.slots(s.resource(), s.type(), s.from(), s.to(), s.now());
    assertThat(actual).isEqualTo(expected);
    collectCoverage(s, actual, coverage);
  }

  /**
   * Labels what a scenario exercised, so that the coverage checks above fail if the generators
   * drift into trivial inputs (no slots, no DST, no seats).
   */
  private static void collectCoverage(Scenario s, List<TimeSlot> slots, Seeded.Coverage coverage) {
    ZoneId zone = s.resource().schedule().zone();
    java.time.zone.ZoneRules rules = zone.getRules();
    boolean dstWindow =
        NaiveSlotEngine.windows(s.resource().schedule(), s.from(), s.to()).stream()
            .anyMatch(
                w ->
                    rules.getValidOffsets(w.localStart()).size() != 1
                        || !rules
                            .getOffset(w.start())
                            .equals(rules.getOffset(w.end().minusSeconds(1))));
    coverage.label("slots", !slots.isEmpty());
    coverage.label("window across a DST change", dstWindow);
    coverage.label(
        "slot at an ambiguous time",
        slots.stream()
            .anyMatch(
                x -> rules.getValidOffsets(LocalDateTime.ofInstant(x.start(), zone)).size() == 2));
    coverage.label(
        "seat partly taken", slots.stream().anyMatch(x -> x.remainingSeats() < s.type().seats()));
    ResourceAvailability open = s.resource().withClosures(List.of());
    coverage.label(
        "closure removed a slot",
        !s.resource().closures().isEmpty()
            && NaiveSlotEngine.slots(open, s.type(), s.from(), s.to(), s.now()).size()
                > slots.size());
    AppointmentType everywhere = s.type().toBuilder().serviceHours(null).build();
    coverage.label(
        "service hours removed a slot",
        s.type().serviceHours().isPresent()
            && NaiveSlotEngine.slots(s.resource(), everywhere, s.from(), s.to(), s.now()).size()
                > slots.size());
    coverage.label(
        "service window across a DST change",
        s.type().serviceHours().isPresent()
            && NaiveSlotEngine.windows(
                    s.resource().schedule(), s.type().serviceHours().get(), s.from(), s.to())
                .stream()
                .anyMatch(
                    w ->
                        rules.getValidOffsets(w.localStart()).size() != 1
                            || !rules
                                .getOffset(w.start())
                                .equals(rules.getOffset(w.end().minusSeconds(1)))));
  }

  /**
   * Without notice, horizon or bookings most grid points survive, so the grid itself is compared.
   */
  @Test
  void emptyCalendarGivesTheWholeGrid() {
    forAll(
        200,
        SlotEngineProperties::dst,
        s -> {
          AppointmentType open =
              s.type().toBuilder()
                  .minimumNotice(Duration.ZERO)
                  .horizon(Duration.ofDays(3650))
                  .maxPerDay(0)
                  .build();
          ResourceAvailability bare =
              ResourceAvailability.of(
                  s.resource().resource(), withoutTimeOff(s.resource().schedule()), List.of());
          Instant longAgo = Instant.parse("2020-01-01T00:00:00Z");
          List<TimeSlot> actual = engine.slots(bare, open, s.from(), s.to(), longAgo);
          assertThat(actual)
              .isEqualTo(NaiveSlotEngine.slots(bare, open, s.from(), s.to(), longAgo));
          // nothing is busy, so every grid time that exists and fits is offered, with every seat
          long fitting =
              NaiveSlotEngine.candidates(bare, open, s.from(), s.to(), longAgo).stream()
                  .filter(Candidate::fits)
                  .map(Candidate::start)
                  .distinct()
                  .count();
          assertThat(actual)
              .hasSize((int) fitting)
              .allSatisfy(slot -> assertThat(slot.remainingSeats()).isEqualTo(open.seats()));
        });
  }

  private static Schedule withoutTimeOff(Schedule schedule) {
    Schedule.Builder b = Schedule.builder(schedule.zone());
    schedule.weeklyHours().forEach(b::weeklyHours);
    schedule.overrides().values().forEach(b::override);
    return b.build();
  }

  // ---- check() agrees with slots() ----------------------------------------------------------

  @Test
  void checkIsEmptyExactlyForListedStarts() {
    forAll(150, SlotEngineProperties::single, this::assertCheckAgrees);
  }

  @Test
  void checkIsEmptyExactlyForListedStartsAcrossDstChanges() {
    forAll(150, SlotEngineProperties::dst, this::assertCheckAgrees);
  }

  private void assertCheckAgrees(Scenario s) {
    ResourceAvailability r = s.resource();
    AppointmentType type = s.type();
    // check() looks at the windows of the start's local date and the date before, so the
    // reference range is one date wider on each side than the candidates' own range
    List<TimeSlot> wide = engine.slots(r, type, s.from().minusDays(1), s.to().plusDays(1), s.now());
    Map<Instant, TimeSlot> listed = new HashMap<>();
    wide.forEach(slot -> listed.put(slot.start(), slot));
    Map<Instant, SlotRefusal> firstReason = new HashMap<>();
    for (Candidate c :
        NaiveSlotEngine.candidates(r, type, s.from().minusDays(1), s.to().plusDays(1), s.now())) {
      if (c.fits()) {
        firstReason.putIfAbsent(c.start(), c.refusals().isEmpty() ? null : c.refusals().get(0));
      }
    }

    for (TimeSlot slot : engine.slots(r, type, s.from(), s.to(), s.now())) {
      assertThat(engine.check(r, type, slot.start(), s.now())).as("listed %s", slot).isEmpty();
    }
    List<Instant> probes = new ArrayList<>();
    for (Candidate c : NaiveSlotEngine.candidates(r, type, s.from(), s.to(), s.now())) {
      probes.add(c.start());
      probes.add(c.start().plusSeconds(60)); // usually off the grid
      probes.add(c.start().plusMillis(1)); // never on the grid
    }
    for (Instant probe : probes) {
      Optional<SlotRefusal> verdict = engine.check(r, type, probe, s.now());
      assertThat(verdict.isEmpty())
          .as("check(%s) free iff listed", probe)
          .isEqualTo(listed.containsKey(probe));
      if (verdict.isPresent()) {
        SlotRefusal expected =
            firstReason.containsKey(probe) ? firstReason.get(probe) : SlotRefusal.OUTSIDE_HOURS;
        assertThat(verdict).as("reason for %s", probe).contains(expected);
      }
    }
  }

  // ---- teams ---------------------------------------------------------------------------------

  @Test
  void anyOfIsTheUnionOfMembers() {
    forAll(
        150,
        SlotEngineProperties::team,
        s -> {
          Map<Instant, List<TimeSlot>> byStart = new TreeMap<>();
          for (ResourceAvailability m : s.all()) {
            for (TimeSlot slot : engine.slots(m, s.type(), s.from(), s.to(), s.now())) {
              byStart.computeIfAbsent(slot.start(), k -> new ArrayList<>()).add(slot);
            }
          }
          List<TimeSlot> expected = new ArrayList<>();
          byStart.forEach(
              (start, members) ->
                  expected.add(
                      new TimeSlot(
                          start,
                          start.plus(s.type().duration()),
                          members.stream().mapToInt(TimeSlot::remainingSeats).max().orElseThrow(),
                          members.stream().map(x -> x.resources().get(0)).toList())));
          assertThat(engine.anyOf(s.all(), s.type(), s.from(), s.to(), s.now()))
              .isEqualTo(expected);
        });
  }

  @Test
  void allOfIsTheIntersectionOfMembers() {
    forAll(
        150,
        SlotEngineProperties::team,
        s -> {
          List<ResourceAvailability> members = s.all();
          Map<Instant, List<TimeSlot>> byStart = new TreeMap<>();
          for (ResourceAvailability m : members) {
            for (TimeSlot slot : engine.slots(m, s.type(), s.from(), s.to(), s.now())) {
              byStart.computeIfAbsent(slot.start(), k -> new ArrayList<>()).add(slot);
            }
          }
          List<ResourceId> everyone = members.stream().map(ResourceAvailability::resource).toList();
          List<TimeSlot> expected = new ArrayList<>();
          byStart.forEach(
              (start, free) -> {
                if (free.size() == members.size()) {
                  expected.add(
                      new TimeSlot(
                          start,
                          start.plus(s.type().duration()),
                          free.stream().mapToInt(TimeSlot::remainingSeats).min().orElseThrow(),
                          everyone));
                }
              });
          assertThat(engine.allOf(members, s.type(), s.from(), s.to(), s.now()))
              .isEqualTo(expected);
        });
  }

  @Test
  void aTeamOfOneIsTheMemberAndDuplicatesCountOnce() {
    forAll(
        100,
        SlotEngineProperties::single,
        s -> {
          ResourceAvailability r = s.resource();
          List<TimeSlot> alone = engine.slots(r, s.type(), s.from(), s.to(), s.now());
          assertThat(engine.anyOf(List.of(r, r), s.type(), s.from(), s.to(), s.now()))
              .isEqualTo(alone);
          assertThat(engine.allOf(List.of(r), s.type(), s.from(), s.to(), s.now()))
              .isEqualTo(alone);
        });
  }

  // ---- results do not depend on how the range is cut ----------------------------------------

  @Test
  void aRangeIsTheConcatenationOfItsDays() {
    forAll(
        100,
        SlotEngineProperties::single,
        s -> {
          Map<Instant, TimeSlot> byDay = new LinkedHashMap<>();
          for (LocalDate d = s.from(); !d.isAfter(s.to()); d = d.plusDays(1)) {
            for (TimeSlot slot : engine.slots(s.resource(), s.type(), d, d, s.now())) {
              byDay.putIfAbsent(slot.start(), slot);
            }
          }
          List<TimeSlot> merged = new ArrayList<>(new TreeMap<>(byDay).values());
          assertThat(engine.slots(s.resource(), s.type(), s.from(), s.to(), s.now()))
              .isEqualTo(merged);
        });
  }
}
