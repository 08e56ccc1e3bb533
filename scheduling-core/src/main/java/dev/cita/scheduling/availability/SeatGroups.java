package dev.cita.scheduling.availability;

import java.util.Arrays;

/** Appointments of a seated type, grouped by identical {@code [start, end)}. */
final class SeatGroups {
  private long[] starts = new long[8];
  private long[] ends = new long[8];
  private long[] buffersBefore = new long[8];
  private long[] buffersAfter = new long[8];
  private int[] counts = new int[8];
  private int size;
  private long maxReachBack;

  void add(long s, long e, long bb, long ba) {
    for (int i = 0; i < size; i++) {
      if (starts[i] == s && ends[i] == e) {
        counts[i]++;
        buffersBefore[i] = Math.max(buffersBefore[i], bb);
        buffersAfter[i] = Math.max(buffersAfter[i], ba);
        return;
      }
    }
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
      buffersBefore = Arrays.copyOf(buffersBefore, size * 2);
      buffersAfter = Arrays.copyOf(buffersAfter, size * 2);
      counts = Arrays.copyOf(counts, size * 2);
    }
    starts[size] = s;
    ends[size] = e;
    buffersBefore[size] = bb;
    buffersAfter[size] = ba;
    counts[size] = 1;
    size++;
  }

  /** Sorts by start so that lookups can binary-search. */
  void seal() {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
      maxReachBack = Math.max(maxReachBack, ends[i] - starts[i] + buffersAfter[i]);
    }
    Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
    long[] s = new long[size];
    long[] e = new long[size];
    long[] bb = new long[size];
    long[] ba = new long[size];
    int[] c = new int[size];
    for (int i = 0; i < size; i++) {
      s[i] = starts[order[i]];
      e[i] = ends[order[i]];
      bb[i] = buffersBefore[order[i]];
      ba[i] = buffersAfter[order[i]];
      c[i] = counts[order[i]];
    }
    starts = s;
    ends = e;
    buffersBefore = bb;
    buffersAfter = ba;
    counts = c;
  }

  /** Seats taken at exactly {@code [t, end)}, or -1 when another group blocks the candidate. */
  int seatsTaken(long t, long end, long bufferBefore, long bufferAfter) {
    long from = t - bufferBefore - maxReachBack;
    int lo = 0;
    int hi = size;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (starts[mid] < from) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    int taken = 0;
    for (int i = lo;
        i < size && starts[i] - SlotEngine.MAX_BUFFER_SECONDS < end + bufferAfter;
        i++) {
      if (starts[i] == t && ends[i] == end) {
        taken = counts[i];
        continue;
      }
      boolean blocksBuffered = starts[i] < end + bufferAfter && ends[i] > t - bufferBefore;
      boolean buffersBlock = starts[i] - buffersBefore[i] < end && ends[i] + buffersAfter[i] > t;
      if (blocksBuffered || buffersBlock) {
        return -1;
      }
    }
    return taken;
  }
}
