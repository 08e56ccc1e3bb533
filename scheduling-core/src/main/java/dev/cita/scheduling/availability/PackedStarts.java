package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.util.Arrays;

/**
 * Packed {@code start << 16 | remainingSeats} values, in the order found, at most {@code limit}
 * distinct starts: one more is refused at once, so a query over the cap stops where it reaches it.
 */
final class PackedStarts {
  private final int limit;
  private long[] values;
  private int size;
  private boolean sorted = true;

  PackedStarts(long capacity, int limit) {
    this.limit = limit;
    values = new long[(int) Math.max(1, Math.min(Math.min(capacity, limit), 1 << 20))];
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
    return size == values.length ? values : Arrays.copyOf(values, size);
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
