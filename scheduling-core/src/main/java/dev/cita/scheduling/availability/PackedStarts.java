package dev.cita.scheduling.availability;

import java.util.Arrays;

/** Packed {@code start << 16 | remainingSeats} values, in the order found. */
final class PackedStarts {
  private long[] values;
  private int size;
  private boolean sorted = true;

  PackedStarts(long capacity) {
    values = new long[(int) Math.max(1, Math.min(capacity, 1 << 20))];
  }

  void add(long start, int seats) {
    long packed = (start << SlotEngine.SEAT_BITS) | seats;
    if (size == values.length) {
      values = Arrays.copyOf(values, size * 2);
    }
    sorted &= size == 0 || packed > values[size - 1];
    values[size++] = packed;
  }

  /** Windows from overlapping dates (overnight) can interleave: sort, keep one per start. */
  long[] sortedUnique() {
    long[] copy = size == values.length ? values : Arrays.copyOf(values, size);
    if (sorted) {
      return copy;
    }
    Arrays.sort(copy);
    int n = 0;
    for (int i = 0; i < copy.length; i++) {
      if (n == 0 || (copy[i] >> SlotEngine.SEAT_BITS) != (copy[n - 1] >> SlotEngine.SEAT_BITS)) {
        copy[n++] = copy[i];
      }
    }
    return Arrays.copyOf(copy, n);
  }
}
