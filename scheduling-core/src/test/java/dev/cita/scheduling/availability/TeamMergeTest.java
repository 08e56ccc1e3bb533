package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Both ways {@link TeamMerge} combines members: grid buckets, and the sort for starts off a grid.
 */
class TeamMergeTest {
  private static final Schedule ANY = Schedule.builder("UTC").build();
  private static final List<ResourceAvailability> MEMBERS =
      List.of(
          ResourceAvailability.of(ResourceId.of("a"), ANY, List.of()),
          ResourceAvailability.of(ResourceId.of("b"), ANY, List.of()),
          ResourceAvailability.of(ResourceId.of("c"), ANY, List.of()));

  private static long[] packed(long... startsAndSeats) {
    long[] out = new long[startsAndSeats.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (startsAndSeats[2 * i] << SlotEngine.SEAT_BITS) | startsAndSeats[2 * i + 1];
    }
    return out;
  }

  private static List<String> describe(List<TimeSlot> slots) {
    return slots.stream()
        .map(
            s ->
                s.start().getEpochSecond()
                    + ":"
                    + s.remainingSeats()
                    + ":"
                    + s.resources().stream().map(ResourceId::value).toList())
        .toList();
  }

  @Test
  void membersOnOneGridAreBucketed() {
    long[][] perMember = {packed(900, 1, 1800, 2), packed(1800, 3, 2700, 1), packed(1800, 1)};

    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 600, false)))
        .containsExactly("900:1:[a]", "1800:3:[a, b, c]", "2700:1:[b]");
    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 600, true)))
        .containsExactly("1800:1:[a, b, c]");
  }

  @Test
  void startsOffTheGuessedGridFallBackToSortingWithTheSameAnswer() {
    // The first member's grid is 900 s, but the third member starts 7 s off it.
    long[][] perMember = {packed(0, 1, 900, 1, 1800, 1), packed(900, 2), packed(907, 1, 1800, 4)};

    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 60, false)))
        .containsExactly("0:1:[a]", "900:2:[a, b]", "907:1:[c]", "1800:4:[a, c]");
    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 60, true))).isEmpty();
  }

  @Test
  void sparseStartsFallBackToSorting() {
    long year = 365L * 86_400;
    long[][] perMember = {packed(1, 1), packed(year, 1), packed(1, 2, year, 1)};

    List<TimeSlot> slots = TeamMerge.merge(MEMBERS, perMember, 60, false);
    assertThat(describe(slots)).containsExactly("1:2:[a, c]", year + ":1:[b, c]");
    assertThat(slots.get(1).end()).isEqualTo(Instant.ofEpochSecond(year + 60));
  }

  // ---- against a model: a map from start to the members free at it ---------------------------

  private static final long[] STEPS = {1, 60, 300, 900, 1800, 3600};

  /** One member's sorted, unique packed starts: mostly on a shared grid, sometimes not. */
  private static long[] memberStarts(Random rnd, long anchor, long step, Seeded.Coverage coverage) {
    TreeSet<Long> starts = new TreeSet<>();
    int n = rnd.nextInt(10) == 0 ? 0 : rnd.nextInt(12);
    long first = rnd.nextInt(3) * step;
    for (int i = 0; i < n; i++) {
      starts.add(anchor + first + rnd.nextInt(12) * step);
    }
    boolean offGrid = step > 1 && rnd.nextInt(8) == 0;
    if (offGrid) {
      starts.add(anchor + rnd.nextInt(30) * step + 1 + rnd.nextInt((int) step - 1));
    }
    boolean sparse = rnd.nextInt(10) == 0;
    if (sparse) {
      starts.add(anchor + 3L * 365 * 86_400 + rnd.nextInt(30) * step);
    }
    coverage.label("off grid", offGrid);
    coverage.label("sparse", sparse);
    coverage.label("empty member", starts.isEmpty());
    long[] packed = new long[starts.size()];
    int i = 0;
    for (long start : starts) {
      packed[i++] = (start << SlotEngine.SEAT_BITS) | (1 + rnd.nextInt(5));
    }
    return packed;
  }

  private static List<String> model(
      List<ResourceAvailability> members, long[][] perMember, boolean all) {
    Map<Long, List<long[]>> byStart = new TreeMap<>();
    for (int m = 0; m < perMember.length; m++) {
      for (long p : perMember[m]) {
        byStart
            .computeIfAbsent(p >> SlotEngine.SEAT_BITS, k -> new ArrayList<>())
            .add(new long[] {m, p & SlotEngine.SEAT_MASK});
      }
    }
    List<String> out = new ArrayList<>();
    byStart.forEach(
        (start, free) -> {
          if (all && free.size() < members.size()) {
            return;
          }
          long seats = all ? Long.MAX_VALUE : 0;
          List<String> ids = new ArrayList<>();
          for (long[] f : free) {
            seats = all ? Math.min(seats, f[1]) : Math.max(seats, f[1]);
            ids.add(members.get((int) f[0]).resource().value());
          }
          out.add(start + ":" + seats + ":" + ids);
        });
    return out;
  }

  @Test
  void mergeAgreesWithTheModelOnRandomTeams() {
    List<ResourceAvailability> four =
        List.of(
            MEMBERS.get(0),
            MEMBERS.get(1),
            MEMBERS.get(2),
            ResourceAvailability.of(ResourceId.of("d"), ANY, List.of()));
    Seeded.Coverage coverage = new Seeded.Coverage();
    Seeded.forAll(
        500,
        rnd -> {
          List<ResourceAvailability> members = four.subList(0, 1 + rnd.nextInt(4));
          long step = STEPS[rnd.nextInt(STEPS.length)];
          long anchor = rnd.nextBoolean() ? 0 : 1_780_000_000L + rnd.nextInt(3600);
          long[][] perMember = new long[members.size()][];
          for (int m = 0; m < perMember.length; m++) {
            perMember[m] = memberStarts(rnd, anchor, step, coverage);
          }
          long duration = 1 + rnd.nextInt(7200);
          for (boolean all : new boolean[] {false, true}) {
            List<TimeSlot> slots = TeamMerge.merge(members, perMember, duration, all);
            assertThat(describe(slots)).isEqualTo(model(members, perMember, all));
            for (TimeSlot slot : slots) {
              assertThat(slot.end()).isEqualTo(slot.start().plusSeconds(duration));
            }
            if (all) {
              coverage.label("all-of slots", !slots.isEmpty());
            }
          }
        });
    coverage.assertAtLeast("off grid", 5);
    coverage.assertAtLeast("sparse", 5);
    coverage.assertAtLeast("empty member", 5);
    coverage.assertAtLeast("all-of slots", 20);
  }

  /** Starts after 2038 need more than 31 bits: buckets are still counted from the starts. */
  @Test
  void startsAfter2038AreBucketedLikeAnyOthers() {
    long t = 2_200_000_000L; // 2039-09-19
    long[][] perMember = {packed(t, 1, t + 900, 2), packed(t + 900, 3), packed(t + 1800, 1)};

    assertThat(describe(TeamMerge.merge(MEMBERS, perMember, 600, false)))
        .containsExactly(t + ":1:[a]", (t + 900) + ":3:[a, b]", (t + 1800) + ":1:[c]");
    long[][] pair = {perMember[0], perMember[1]};
    assertThat(describe(TeamMerge.merge(MEMBERS.subList(0, 2), pair, 600, true)))
        .containsExactly((t + 900) + ":2:[a, b]");
  }
}
