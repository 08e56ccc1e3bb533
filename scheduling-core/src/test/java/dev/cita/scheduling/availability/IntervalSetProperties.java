package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * IntervalSet against a naive model: a boolean per second over a small range of epoch seconds.
 * Intervals are drawn in {@code [BASE, BASE + RANGE)} so that sets collide, touch and nest often.
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

  @Provide
  Arbitrary<List<TimeInterval>> intervals() {
    Arbitrary<TimeInterval> one = Combinators.combine(
            Arbitraries.integers().between(0, RANGE - 25), Arbitraries.integers().between(1, 24))
        .as((start, length) -> new TimeInterval(at(start), at(start + length)));
    return one.list().ofMaxSize(8);
  }

  @Provide
  Arbitrary<TimeInterval> probe() {
    return Combinators.combine(
            Arbitraries.integers().between(0, RANGE - 21), Arbitraries.integers().between(1, 20))
        .as((start, length) -> new TimeInterval(at(start), at(start + length)));
  }

  /** Intervals with sub-second bounds, to exercise the rounding (starts down, ends up). */
  @Provide
  Arbitrary<List<TimeInterval>> fractionalIntervals() {
    Arbitrary<TimeInterval> one = Combinators.combine(
            Arbitraries.integers().between(0, RANGE - 25), Arbitraries.integers().between(0, 999),
            Arbitraries.integers().between(1, 20), Arbitraries.integers().between(0, 999))
        .as((start, startMillis, length, endMillis) -> new TimeInterval(
            at(start).plusMillis(startMillis), at(start + length).plusMillis(endMillis)));
    return one.list().ofMaxSize(6);
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
        assertThat(list.get(i - 1).end()).as("gap between interval %d and %d", i - 1, i)
            .isBefore(cur.start());
      }
    }
  }

  // ---- properties ----------------------------------------------------------------------------

  @Property(tries = 300)
  void ofIsCanonicalAndCoversExactlyItsInput(@ForAll("intervals") List<TimeInterval> input) {
    IntervalSet set = IntervalSet.of(input);
    assertCanonical(set);
    assertThat(bitmap(set)).isEqualTo(bitmap(input));
  }

  @Property(tries = 200)
  void ofRoundsStartsDownAndEndsUp(@ForAll("fractionalIntervals") List<TimeInterval> input) {
    IntervalSet set = IntervalSet.of(input);
    assertCanonical(set);
    assertThat(bitmap(set)).isEqualTo(bitmap(input));
    for (TimeInterval i : input) {
      assertThat(set.contains(i.start())).isTrue();
      assertThat(set.overlaps(i)).isTrue();
    }
  }

  @Property(tries = 300)
  void threeWayUnionEqualsTheUnionOfAllIntervals(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("intervals") List<TimeInterval> b, @ForAll("intervals") List<TimeInterval> c) {
    IntervalSet result = IntervalSet.union(IntervalSet.of(a), IntervalSet.of(b), IntervalSet.of(c));
    assertCanonical(result);
    List<TimeInterval> all = new ArrayList<>(a);
    all.addAll(b);
    all.addAll(c);
    assertThat(result).isEqualTo(IntervalSet.of(all));
  }

  @Property(tries = 300)
  void unionAgreesWithModel(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("intervals") List<TimeInterval> b) {
    IntervalSet result = IntervalSet.of(a).union(IntervalSet.of(b));
    assertCanonical(result);
    boolean[] expected = bitmap(a);
    boolean[] other = bitmap(b);
    for (int s = 0; s < RANGE; s++) {
      expected[s] |= other[s];
    }
    assertThat(bitmap(result)).isEqualTo(expected);
    List<TimeInterval> all = new ArrayList<>(a);
    all.addAll(b);
    assertThat(result).isEqualTo(IntervalSet.of(all));
    assertThat(IntervalSet.of(b).union(IntervalSet.of(a))).isEqualTo(result);
  }

  @Property(tries = 300)
  void subtractAgreesWithModel(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("intervals") List<TimeInterval> b) {
    IntervalSet result = IntervalSet.of(a).subtract(IntervalSet.of(b));
    assertCanonical(result);
    boolean[] expected = bitmap(a);
    boolean[] other = bitmap(b);
    for (int s = 0; s < RANGE; s++) {
      expected[s] &= !other[s];
    }
    assertThat(bitmap(result)).isEqualTo(expected);
  }

  @Property(tries = 300)
  void intersectAgreesWithModel(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("intervals") List<TimeInterval> b) {
    IntervalSet result = IntervalSet.of(a).intersect(IntervalSet.of(b));
    assertCanonical(result);
    boolean[] expected = bitmap(a);
    boolean[] other = bitmap(b);
    for (int s = 0; s < RANGE; s++) {
      expected[s] &= other[s];
    }
    assertThat(bitmap(result)).isEqualTo(expected);
    assertThat(IntervalSet.of(b).intersect(IntervalSet.of(a))).isEqualTo(result);
  }

  @Property(tries = 300)
  void containsAgreesWithModel(@ForAll("intervals") List<TimeInterval> a) {
    IntervalSet set = IntervalSet.of(a);
    boolean[] bits = bitmap(a);
    for (int s = 0; s < RANGE; s++) {
      assertThat(set.contains(at(s))).as("contains second %d", s).isEqualTo(bits[s]);
      assertThat(set.contains(at(s).plusMillis(500))).as("contains second %d.5", s).isEqualTo(bits[s]);
    }
    assertThat(set.contains(at(-1))).isFalse();
    assertThat(set.contains(at(RANGE))).isFalse();
  }

  @Property(tries = 300)
  void overlapsAgreesWithModel(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("probe") TimeInterval probe) {
    IntervalSet set = IntervalSet.of(a);
    boolean[] bits = bitmap(a);
    boolean expected = false;
    for (long s = probe.start().getEpochSecond(); s < probe.end().getEpochSecond(); s++) {
      expected |= bits[(int) (s - BASE)];
    }
    assertThat(set.overlaps(probe)).isEqualTo(expected);
    assertThat(set.intersect(IntervalSet.of(probe)).isEmpty()).isEqualTo(!expected);
  }

  @Property(tries = 200)
  void algebraicLaws(@ForAll("intervals") List<TimeInterval> a,
      @ForAll("intervals") List<TimeInterval> b) {
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
  }
}
