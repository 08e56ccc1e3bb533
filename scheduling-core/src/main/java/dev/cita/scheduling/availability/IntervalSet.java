package dev.cita.scheduling.availability;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * An immutable set of instants stored as sorted, merged, half-open {@code [start, end)} intervals
 * at one-second resolution (starts round down, ends round up, so busy time never shrinks). Union,
 * subtraction and intersection are linear merges; overlap tests are binary searches. Internally the
 * bounds are primitive epoch-second arrays, which keeps the slot engine's hot path free of
 * per-interval objects.
 */
public final class IntervalSet {
  private static final IntervalSet EMPTY = new IntervalSet(new long[0], new long[0], 0);

  final long[] starts;
  final long[] ends;
  final int size;

  private IntervalSet(long[] starts, long[] ends, int size) {
    this.starts = starts;
    this.ends = ends;
    this.size = size;
  }

  /** {@return the set with no time in it} */
  public static IntervalSet empty() {
    return EMPTY;
  }

  /**
   * Sorts and merges the given intervals; see {@link #of(Collection)}.
   *
   * @param intervals any intervals, in any order
   * @return the set covering exactly their union, widened to whole seconds
   */
  public static IntervalSet of(TimeInterval... intervals) {
    return of(Arrays.asList(intervals));
  }

  /**
   * Sorts and merges any intervals, overlapping or touching ones included.
   *
   * @param intervals any intervals, in any order
   * @return the set covering exactly their union, widened to whole seconds
   * @throws dev.cita.scheduling.ValidationException if the collection or one of its intervals is
   *     null
   */
  public static IntervalSet of(Collection<TimeInterval> intervals) {
    Checks.notNull(intervals, "intervals");
    Builder b = new Builder(intervals.size());
    for (TimeInterval i : intervals) {
      Checks.notNull(i, "intervals[]");
      b.add(floorSeconds(i.start()), ceilSeconds(i.end()));
    }
    return b.build();
  }

  static long floorSeconds(Instant instant) {
    return instant.getEpochSecond();
  }

  static long ceilSeconds(Instant instant) {
    return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
  }

  /** {@return whether the set holds no time at all} */
  public boolean isEmpty() {
    return size == 0;
  }

  /** {@return the number of disjoint intervals} */
  public int size() {
    return size;
  }

  /** {@return the disjoint intervals, sorted by start} The list is a read-only view. */
  public List<TimeInterval> intervals() {
    return new AbstractList<>() {
      @Override
      public TimeInterval get(int i) {
        if (i < 0 || i >= size) {
          throw new IndexOutOfBoundsException(i);
        }
        return new TimeInterval(Instant.ofEpochSecond(starts[i]), Instant.ofEpochSecond(ends[i]));
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /**
   * True when {@code instant} lies inside one of the intervals.
   *
   * @param instant the instant to test
   * @return whether an interval covers it (starts are inside, ends are not)
   */
  public boolean contains(Instant instant) {
    long s = instant.getEpochSecond();
    int i = firstEndingAfter(s);
    return i < size && starts[i] <= s;
  }

  /**
   * True when {@code [start, end)} shares time with this set.
   *
   * @param interval the span to test
   * @return whether any instant of it is in this set
   */
  public boolean overlaps(TimeInterval interval) {
    return overlaps(floorSeconds(interval.start()), ceilSeconds(interval.end()));
  }

  boolean overlaps(long start, long end) {
    int i = firstEndingAfter(start);
    return i < size && starts[i] < end;
  }

  /** Index of the first interval whose end is after {@code t} (binary search). */
  int firstEndingAfter(long t) {
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (ends[mid] <= t) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /**
   * Everything in either set.
   *
   * @param other the set to add
   * @return a set covering both; this set or {@code other} itself when the other one is empty
   */
  public IntervalSet union(IntervalSet other) {
    if (other.isEmpty()) {
      return this;
    }
    if (isEmpty()) {
      return other;
    }
    Builder out = new Builder(size + other.size);
    int i = 0;
    int j = 0;
    // Feed both lists in start order; the builder merges as it goes (already sorted input).
    while (i < size || j < other.size) {
      if (j >= other.size || (i < size && starts[i] <= other.starts[j])) {
        out.appendSorted(starts[i], ends[i]);
        i++;
      } else {
        out.appendSorted(other.starts[j], other.ends[j]);
        j++;
      }
    }
    return out.buildSorted();
  }

  /** Everything in any of three sets, in one linear pass. */
  static IntervalSet union(IntervalSet a, IntervalSet b, IntervalSet c) {
    return unionWidened(a, b, c, 0, 0, new Builder(a.size + b.size + c.size));
  }

  /**
   * Everything in {@code a}, and in {@code b} and {@code c} with each interval widened to {@code
   * [start - before, end + after)}, in one linear pass into {@code out}, which is emptied first and
   * whose arrays the result shares (the slot engine's blocked starts, built member after member).
   */
  static IntervalSet unionWidened(
      IntervalSet a, IntervalSet b, IntervalSet c, long before, long after, Builder out) {
    out.clear();
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.size || j < b.size || k < c.size) {
      long sa = i < a.size ? a.starts[i] : Long.MAX_VALUE;
      long sb = j < b.size ? b.starts[j] - before : Long.MAX_VALUE;
      long sc = k < c.size ? c.starts[k] - before : Long.MAX_VALUE;
      if (sa <= sb && sa <= sc) {
        out.appendSorted(sa, a.ends[i++]);
      } else if (sb <= sc) {
        out.appendSorted(sb, b.ends[j++] + after);
      } else {
        out.appendSorted(sc, c.ends[k++] + after);
      }
    }
    return out.buildSorted();
  }

  /**
   * What is in this set and not in {@code other}.
   *
   * @param other the time to remove
   * @return the remaining time; this set itself when nothing overlaps
   */
  public IntervalSet subtract(IntervalSet other) {
    if (isEmpty() || other.isEmpty()) {
      return this;
    }
    Builder out = new Builder(size + other.size);
    int j = 0;
    for (int i = 0; i < size; i++) {
      long s = starts[i];
      long e = ends[i];
      while (j < other.size && other.ends[j] <= s) {
        j++;
      }
      int k = j;
      while (k < other.size && other.starts[k] < e) {
        if (other.starts[k] > s) {
          out.appendSorted(s, other.starts[k]);
        }
        s = Math.max(s, other.ends[k]);
        if (s >= e) {
          break;
        }
        k++;
      }
      if (s < e) {
        out.appendSorted(s, e);
      }
    }
    return out.buildSorted();
  }

  /**
   * What is in both sets.
   *
   * @param other the set to intersect with
   * @return the time common to both; empty if they do not overlap
   */
  public IntervalSet intersect(IntervalSet other) {
    if (isEmpty() || other.isEmpty()) {
      return EMPTY;
    }
    Builder out = new Builder(Math.min(size, other.size) * 2);
    int i = 0;
    int j = 0;
    while (i < size && j < other.size) {
      long s = Math.max(starts[i], other.starts[j]);
      long e = Math.min(ends[i], other.ends[j]);
      if (s < e) {
        out.appendSorted(s, e);
      }
      if (ends[i] < other.ends[j]) {
        i++;
      } else {
        j++;
      }
    }
    return out.buildSorted();
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof IntervalSet)) {
      return false;
    }
    IntervalSet s = (IntervalSet) o;
    return Arrays.equals(starts, 0, size, s.starts, 0, s.size)
        && Arrays.equals(ends, 0, size, s.ends, 0, s.size);
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < size; i++) {
      h = 31 * h + Long.hashCode(starts[i]);
      h = 31 * h + Long.hashCode(ends[i]);
    }
    return h;
  }

  @Override
  public String toString() {
    return "IntervalSet" + intervals();
  }

  /** Collects epoch-second intervals in any order; {@link #build()} sorts and merges them. */
  static final class Builder {
    private long[] starts;
    private long[] ends;
    private int size;

    Builder(int capacity) {
      starts = new long[Math.max(capacity, 4)];
      ends = new long[Math.max(capacity, 4)];
    }

    /**
     * Empties the builder to collect again in the same arrays: a set it built before is no longer
     * valid afterwards.
     */
    void clear() {
      size = 0;
    }

    /** Adds {@code [start, end)}; empty intervals are ignored. */
    void add(long start, long end) {
      if (end <= start) {
        return;
      }
      grow();
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    /** Appends an interval whose start is not before the previous one's; merges on the fly. */
    void appendSorted(long start, long end) {
      if (end <= start) {
        return;
      }
      if (size > 0 && start <= ends[size - 1]) {
        if (end > ends[size - 1]) {
          ends[size - 1] = end;
        }
        return;
      }
      grow();
      starts[size] = start;
      ends[size] = end;
      size++;
    }

    private void grow() {
      if (size == starts.length) {
        starts = Arrays.copyOf(starts, size * 2);
        ends = Arrays.copyOf(ends, size * 2);
      }
    }

    IntervalSet buildSorted() {
      return size == 0 ? EMPTY : new IntervalSet(starts, ends, size);
    }

    IntervalSet build() {
      if (size == 0) {
        return EMPTY;
      }
      boolean sorted = true;
      for (int i = 1; i < size && sorted; i++) {
        sorted = starts[i - 1] <= starts[i];
      }
      if (!sorted) {
        sortByStart();
      }
      // Merge in place: the write index never passes the read index.
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (n > 0 && starts[i] <= ends[n - 1]) {
          ends[n - 1] = Math.max(ends[n - 1], ends[i]);
        } else {
          starts[n] = starts[i];
          ends[n] = ends[i];
          n++;
        }
      }
      size = n;
      return buildSorted();
    }

    private void sortByStart() {
      long min = Long.MAX_VALUE;
      long max = Long.MIN_VALUE;
      for (int i = 0; i < size; i++) {
        min = Math.min(min, starts[i]);
        max = Math.max(max, starts[i]);
      }
      long[] s = new long[size];
      long[] e = new long[size];
      if (size < (1 << 20) && max - min < (1L << 42)) {
        // Sort primitives: (start - min) in the high bits, the original index in the low 20.
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
          keys[i] = ((starts[i] - min) << 20) | i;
        }
        Arrays.sort(keys);
        for (int i = 0; i < size; i++) {
          int from = (int) (keys[i] & ((1 << 20) - 1));
          s[i] = starts[from];
          e[i] = ends[from];
        }
      } else {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
          order[i] = i;
        }
        Arrays.sort(order, (x, y) -> Long.compare(starts[x], starts[y]));
        for (int i = 0; i < size; i++) {
          s[i] = starts[order[i]];
          e[i] = ends[order[i]];
        }
      }
      starts = s;
      ends = e;
    }
  }
}
