package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.Test;

/**
 * IntervalSet against a naive model: a boolean per second over a small range of epoch seconds.
 * Intervals are drawn in {@code [BASE, BASE + RANGE)} so that sets collide, touch and nest often.
 * Seeded random runs ({@link Seeded}): a failure prints the seed that replays it.
 */
class IntervalSetProperties {
  private static final long BASE = 1_780_000_000L;
  private static final int RANGE = 120;

  // ---- model ---------------------------------------------------------------------------------

  private static boolean[] bitmap(List<TimeInterval> intervals) {
    boolean[] bits = new boolean[RANGE];
    for (TimeInterval i : intervals) {
      // every second that shares time with [start, end); the set works at one-second resolution
      long from = i.start().getEpochSecond();
      long to = i.end().getNano() == 0 ? i.end().getEpochSecond() : i.end().getEpochSecond() + 1;
      for (long s = from; s < to; s++) {
        bits[(int) (s - BASE)] = true;
      }
    }
    return bits;
  }

  private static boolean[] bitmap(IntervalSet set) {
    return bitmap(set.intervals());
  }

  private static Instant at(long offset) {
    return Instant.ofEpochSecond(BASE + offset);
  }

  // ---- generators ----------------------------------------------------------------------------

  /** Up to eight intervals of 1–24 seconds (empty lists included). */
  private static List<TimeInterval> intervals(Random rnd) {
    List<TimeInterval> out = new ArrayList<>();
    for (int n = rnd.nextInt(9); n > 0; n--) {
      int start = rnd.nextInt(RANGE - 24);
      out.add(new TimeInterval(at(start), at(start + 1 + rnd.nextInt(24))));
    }
    return out;
  }

  private static TimeInterval probe(Random rnd) {
    int start = rnd.nextInt(RANGE - 20);
    return new TimeInterval(at(start), at(start + 1 + rnd.nextInt(20)));
  }

  /** Intervals with sub-second bounds, to exercise the rounding (starts down, ends up). */
  private static List<TimeInterval> fractionalIntervals(Random rnd) {
    List<TimeInterval> out = new ArrayList<>();
    for (int n = rnd.nextInt(7); n > 0; n--) {
      int start = rnd.nextInt(RANGE - 24);
      out.add(
          new TimeInterval(
              at(start).plusMillis(rnd.nextInt(1000)),
              at(start + 1 + rnd.nextInt(20)).plusMillis(rnd.nextInt(1000))));
    }
    return out;
  }

  // ---- invariants ----------------------------------------------------------------------------

  private static void assertCanonical(IntervalSet set) {
    List<TimeInterval> list = set.intervals();
    assertThat(set.size()).isEqualTo(list.size());
    assertThat(set.isEmpty()).isEqualTo(list.isEmpty());
    for (int i = 0; i < list.size(); i++) {
      TimeInterval cur = list.get(i);
      assertThat(cur.start()).isBefore(cur.end());
      assertThat(cur.start().getNano()).isZero();
      assertThat(cur.end().getNano()).isZero();
      if (i > 0) {
        // sorted, disjoint and not touching: touching intervals would have been merged
        assertThat(list.get(i - 1).end())
            .as("gap between interval %d and %d", i - 1, i)
            .isBefore(cur.start());
      }
    }
  }

  private static IntervalSet assertOfCoversExactly(List<TimeInterval> input) {
    IntervalSet set = IntervalSet.of(input);
    assertCanonical(set);
    assertThat(bitmap(set)).isEqualTo(bitmap(input));
    return set;
  }

  // ---- properties ----------------------------------------------------------------------------

  @Test
  void ofIsCanonicalAndCoversExactlyItsInput() {
    Seeded.forAll(300, rnd -> assertOfCoversExactly(intervals(rnd)));
  }

  @Test
  void ofRoundsStartsDownAndEndsUp() {
    Seeded.forAll(
        200,
        rnd -> {
          List<TimeInterval> input = fractionalIntervals(rnd);
          IntervalSet set = assertOfCoversExactly(input);
          for (TimeInterval i : input) {
            assertThat(set.contains(i.start())).isTrue();
            assertThat(set.overlaps(i)).isTrue();
          }
        });
  }

  @Test
  void threeWayUnionEqualsTheUnionOfAllIntervals() {
    Seeded.forAll(
        300,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          List<TimeInterval> b = intervals(rnd);
          List<TimeInterval> c = intervals(rnd);
          IntervalSet result =
              IntervalSet.union(IntervalSet.of(a), IntervalSet.of(b), IntervalSet.of(c));
          assertCanonical(result);
          List<TimeInterval> all = new ArrayList<>(a);
          all.addAll(b);
          all.addAll(c);
          assertThat(result).isEqualTo(IntervalSet.of(all));
        });
  }

  @Test
  void unionAgreesWithModel() {
    Seeded.forAll(
        300,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          List<TimeInterval> b = intervals(rnd);
          IntervalSet result = assertAgreesWithModel(IntervalSet::union, (x, y) -> x | y, a, b);
          List<TimeInterval> all = new ArrayList<>(a);
          all.addAll(b);
          assertThat(result).isEqualTo(IntervalSet.of(all));
          assertThat(IntervalSet.of(b).union(IntervalSet.of(a))).isEqualTo(result);
        });
  }

  @Test
  void subtractAgreesWithModel() {
    Seeded.forAll(
        300,
        rnd ->
            assertAgreesWithModel(
                IntervalSet::subtract, (x, y) -> x & !y, intervals(rnd), intervals(rnd)));
  }

  @Test
  void intersectAgreesWithModel() {
    Seeded.forAll(
        300,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          List<TimeInterval> b = intervals(rnd);
          IntervalSet result = assertAgreesWithModel(IntervalSet::intersect, (x, y) -> x & y, a, b);
          assertThat(IntervalSet.of(b).intersect(IntervalSet.of(a))).isEqualTo(result);
        });
  }

  /** What a second-by-second model says one operation does to each second of a and b. */
  private interface BitOperation {
    boolean apply(boolean inA, boolean inB);
  }

  private static IntervalSet assertAgreesWithModel(
      BinaryOperator<IntervalSet> operation,
      BitOperation model,
      List<TimeInterval> a,
      List<TimeInterval> b) {
    IntervalSet result = operation.apply(IntervalSet.of(a), IntervalSet.of(b));
    assertCanonical(result);
    boolean[] expected = bitmap(a);
    boolean[] other = bitmap(b);
    for (int s = 0; s < RANGE; s++) {
      expected[s] = model.apply(expected[s], other[s]);
    }
    assertThat(bitmap(result)).isEqualTo(expected);
    return result;
  }

  @Test
  void containsAgreesWithModel() {
    Seeded.forAll(
        300,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          IntervalSet set = IntervalSet.of(a);
          boolean[] bits = bitmap(a);
          for (int s = 0; s < RANGE; s++) {
            assertThat(set.contains(at(s))).as("contains second %d", s).isEqualTo(bits[s]);
            assertThat(set.contains(at(s).plusMillis(500)))
                .as("contains second %d.5", s)
                .isEqualTo(bits[s]);
          }
          assertThat(set.contains(at(-1))).isFalse();
          assertThat(set.contains(at(RANGE))).isFalse();
        });
  }

  @Test
  void overlapsAgreesWithModel() {
    Seeded.forAll(
        300,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          TimeInterval probe = probe(rnd);
          IntervalSet set = IntervalSet.of(a);
          boolean[] bits = bitmap(a);
          boolean expected = false;
          for (long s = probe.start().getEpochSecond(); s < probe.end().getEpochSecond(); s++) {
            expected |= bits[(int) (s - BASE)];
          }
          assertThat(set.overlaps(probe)).isEqualTo(expected);
          assertThat(set.intersect(IntervalSet.of(probe)).isEmpty()).isEqualTo(!expected);
        });
  }

  @Test
  void algebraicLaws() {
    Seeded.forAll(
        200,
        rnd -> {
          List<TimeInterval> a = intervals(rnd);
          List<TimeInterval> b = intervals(rnd);
          IntervalSet x = IntervalSet.of(a);
          IntervalSet y = IntervalSet.of(b);
          // (x − y) ∪ (x ∩ y) = x, and the two parts are disjoint
          assertThat(x.subtract(y).union(x.intersect(y))).isEqualTo(x);
          assertThat(x.subtract(y).intersect(x.intersect(y)).isEmpty()).isTrue();
          assertThat(x.union(y).subtract(y)).isEqualTo(x.subtract(y));
          assertThat(x.union(x)).isEqualTo(x);
          assertThat(x.intersect(x)).isEqualTo(x);
          assertThat(x.subtract(x).isEmpty()).isTrue();
          assertThat(x.union(IntervalSet.empty())).isEqualTo(x);
          assertThat(x.intersect(IntervalSet.empty())).isEqualTo(IntervalSet.empty());
          // equality follows content, hash codes follow equality
          assertThat(IntervalSet.of(x.intervals())).isEqualTo(x).hasSameHashCodeAs(x);
        });
  }

  /**
   * Starts too far apart for the packed sort keys (2^42 seconds, about 139,000 years) take the
   * general sort: clusters of intervals far apart, shuffled together, give the same set as each
   * cluster built on its own (which the bitmap model checks) laid end to end.
   */
  @Test
  void inputSpanningMoreThanThePackedKeyRangeIsSortedAndMergedLikeNarrowInput() {
    long far = 1L << 44; // about 557,000 years; Instant reaches about 31,000 times further
    Seeded.Coverage coverage = new Seeded.Coverage();
    Seeded.forAll(
        200,
        rnd -> {
          int clusters = 2 + rnd.nextInt(3);
          List<TimeInterval> all = new ArrayList<>();
          List<TimeInterval> expected = new ArrayList<>();
          for (int c = 0; c < clusters; c++) {
            long shift = (c - 1) * far + rnd.nextInt(1000);
            List<TimeInterval> local = new ArrayList<>();
            List<TimeInterval> drawn = intervals(rnd);
            if (drawn.isEmpty()) {
              drawn = List.of(probe(rnd));
            }
            for (TimeInterval i : drawn) {
              local.add(new TimeInterval(i.start().plusSeconds(shift), i.end().plusSeconds(shift)));
            }
            all.addAll(local);
            expected.addAll(IntervalSet.of(local).intervals());
          }
          Collections.shuffle(all, rnd);
          List<TimeInterval> byStart = new ArrayList<>(all);
          byStart.sort(Comparator.comparing(TimeInterval::start));
          coverage.label("unsorted input", !byStart.equals(all));
          IntervalSet set = IntervalSet.of(all);
          assertCanonical(set);
          assertThat(set.intervals()).containsExactlyElementsOf(expected);
        });
    coverage.assertAtLeast("unsorted input", 80);
  }
}
