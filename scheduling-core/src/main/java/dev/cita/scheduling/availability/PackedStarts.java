package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Packed {@code start << 16 | remainingSeats} values, in the order found, at most {@code limit}
 * distinct starts: one more is refused at once, so a query over the cap stops where it reaches it.
 * A team query reuses one instance member after member ({@link #reset}).
 */
final class PackedStarts {
  private int limit;
  private long[] values;
  private int size;
  private boolean sorted = true;

  PackedStarts(long capacity, int limit) {
    this.limit = limit;
    values = new long[capacityFor(capacity, limit)];
  }

  private static int capacityFor(long capacity, int limit) {
    return (int) Math.max(1, Math.min(Math.min(capacity, limit), 1 << 20));
  }

  /** Empties the list for the next member, growing it to {@code capacity} if it is smaller. */
  void reset(long capacity, int limit) {
    this.limit = limit;
    size = 0;
    sorted = true;
    int needed = capacityFor(capacity, limit);
    if (values.length < needed) {
      values = new long[needed];
    }
  }

  /**
   * Adds the starts {@code first, first + step, …} not after {@code last}, all with {@code seats};
   * returns the first start of that grid after {@code last}.
   */
  long addRun(long first, long last, long step, int seats) {
    long count = last < first ? 0 : (last - first) / step + 1;
    if (count == 0) {
      return first;
    }
    if (size + count > limit || size + count > values.length) {
      long t = first;
      for (; t <= last; t += step) {
        add(t, seats);
      }
      return t;
    }
    sorted &= size == 0 || first > values[size - 1] >> SlotEngine.SEAT_BITS;
    long[] v = values;
    int n = size;
    long packed = (first << SlotEngine.SEAT_BITS) | seats;
    long delta = step << SlotEngine.SEAT_BITS;
    for (int i = 0; i < count; i++) {
      v[n++] = packed;
      packed += delta;
    }
    size = n;
    return first + count * step;
  }

  void add(long start, int seats) {
    long packed = (start << SlotEngine.SEAT_BITS) | seats;
    if (size >= limit) {
      compact();
      if (size >= limit) {
        // Full: only a start already listed (from an overlapping window) may come again; the
        // lower seat count wins, as in sortedUnique().
        int i = Arrays.binarySearch(values, 0, size, start << SlotEngine.SEAT_BITS);
        int at = i >= 0 ? i : -i - 1;
        if (at < size && values[at] >> SlotEngine.SEAT_BITS == start) {
          values[at] = Math.min(values[at], packed);
          return;
        }
        throw overCap(limit, start);
      }
    }
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    // Sorted means strictly increasing starts: a start repeated right after itself (a higher seat
    // count) must still be compacted into one entry.
    sorted &= size == 0 || start > values[size - 1] >> SlotEngine.SEAT_BITS;
    values[size++] = packed;
  }

  /** The error of a query that would list more than {@code limit} slots. */
  static ValidationException overCap(int limit, long start) {
    return new ValidationException(
        "query",
        "would list more than "
            + limit
            + " slots (the cap was"
            + " reached at "
            + Instant.ofEpochSecond(start)
            + "); narrow the date range or use a longer step");
  }

  /** Windows from overlapping dates (overnight) can interleave: sort, keep one per start. */
  long[] sortedUnique() {
    compact();
    return Arrays.copyOf(values, size);
  }

  /** Sorts and keeps one value per start; {@return how many remain} Read them with {@link #get}. */
  int finish() {
    compact();
    return size;
  }

  /** {@return the value at {@code i}} Sorted once {@link #finish} has run. */
  long get(int i) {
    return values[i];
  }

  private void compact() {
    if (sorted) {
      return;
    }
    Arrays.sort(values, 0, size);
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (n == 0
          || (values[i] >> SlotEngine.SEAT_BITS) != (values[n - 1] >> SlotEngine.SEAT_BITS)) {
        values[n++] = values[i];
      }
    }
    size = n;
    sorted = true;
  }
}
