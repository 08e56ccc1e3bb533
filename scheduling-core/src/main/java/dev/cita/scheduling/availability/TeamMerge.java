package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Combines the members' slot lists of a team query: each start once, with the members free at it.
 * Members' starts almost always share a grid (the same step from the same wall-clock anchors), so
 * the starts are counted into buckets of that grid: linear in the number of member slots, with no
 * sorting. Starts that share no usable grid fall back to a sort.
 */
final class TeamMerge {
  private static final int SEAT_BITS = SlotEngine.SEAT_BITS;
  private static final long SEAT_MASK = SlotEngine.SEAT_MASK;

  private TeamMerge() {}

  /**
   * @param perMember per member, packed {@code start << 16 | seats}, sorted and unique
   * @param all true for all-of (every member free; fewest seats), false for any-of (most seats)
   */
  static List<TimeSlot> merge(
      List<ResourceAvailability> members, long[][] perMember, long duration, boolean all) {
    int total = 0;
    long base = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    for (long[] packed : perMember) {
      total += packed.length;
      if (packed.length > 0) {
        base = Math.min(base, packed[0] >> SEAT_BITS);
        last = Math.max(last, packed[packed.length - 1] >> SEAT_BITS);
      }
    }
    if (total == 0) {
      return List.of();
    }
    // Guess the grid from the first member's starts and every member's first start, then check
    // each start against it while bucketing (a multiplication, not a division per start).
    long grid = 0;
    for (long[] packed : perMember) {
      if (packed.length > 0) {
        grid = gcd(grid, (packed[0] >> SEAT_BITS) - base);
      }
    }
    for (long[] packed : perMember) {
      if (packed.length > 0) {
        for (long p : packed) {
          grid = gcd(grid, (p >> SEAT_BITS) - base);
        }
        break;
      }
    }
    long step = Math.max(grid, 1);
    long buckets = (last - base) / step + 1;
    if (buckets > 4L * total + 1024) {
      return sorted(members, perMember, total, duration, all);
    }
    int n = (int) buckets;
    int[] count = new int[n];
    int[] seats = new int[n];
    if (all) {
      Arrays.fill(seats, Integer.MAX_VALUE);
    }
    Grid on = new Grid(base, step);
    for (long[] packed : perMember) {
      on.restart();
      for (long p : packed) {
        int b = on.bucket(p >> SEAT_BITS);
        if (b < 0) {
          return sorted(members, perMember, total, duration, all); // off the guessed grid
        }
        count[b]++;
        int s = (int) (p & SEAT_MASK);
        seats[b] = all ? Math.min(seats[b], s) : Math.max(seats[b], s);
      }
    }
    ResourceId[][] free = freeMembers(members, perMember, on, count, all);
    List<TimeSlot> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      if (free[b] != null) {
        long t = base + b * step;
        out.add(
            new TimeSlot(
                Instant.ofEpochSecond(t),
                Instant.ofEpochSecond(t + duration),
                seats[b],
                List.of(free[b])));
      }
    }
    return out;
  }

  /**
   * Per bucket that is listed, the members free at it in the order given; null for the others. A
   * second pass over the starts, already checked against the grid by the first.
   */
  private static ResourceId[][] freeMembers(
      List<ResourceAvailability> members, long[][] perMember, Grid on, int[] count, boolean all) {
    ResourceId[][] free = new ResourceId[count.length][];
    for (int b = 0; b < count.length; b++) {
      if (count[b] > 0 && (!all || count[b] == members.size())) {
        free[b] = new ResourceId[count[b]];
      }
      count[b] = 0;
    }
    for (int m = 0; m < perMember.length; m++) {
      ResourceId id = members.get(m).resource();
      on.restart();
      for (long p : perMember[m]) {
        int b = on.bucket(p >> SEAT_BITS);
        if (free[b] != null) {
          free[b][count[b]++] = id;
        }
      }
    }
    return free;
  }

  /**
   * Bucket numbers of starts on the grid {@code base + k·step}, for one member's sorted starts at a
   * time: the next grid start is the usual case, anything else takes a multiplication, not a
   * division.
   */
  private static final class Grid {
    private final long base;
    private final long step;
    private final double perStep;
    private long previous;
    private int bucket;

    Grid(long base, long step) {
      this.base = base;
      this.step = step;
      this.perStep = 1.0 / step;
    }

    void restart() {
      previous = Long.MIN_VALUE;
      bucket = -1;
    }

    /** {@return the bucket of {@code start}, or -1 when it is off the grid} */
    int bucket(long start) {
      long offset = start - base;
      if (offset - previous == step) {
        bucket++;
      } else {
        bucket = (int) Math.round(offset * perStep);
        if (bucket * step != offset) {
          return -1;
        }
      }
      previous = offset;
      return bucket;
    }
  }

  /** The general case: one sortable key per (start, member, seats). */
  private static List<TimeSlot> sorted(
      List<ResourceAvailability> members,
      long[][] perMember,
      int total,
      long duration,
      boolean all) {
    long[] keys = new long[total];
    long base = Long.MAX_VALUE;
    for (long[] packed : perMember) {
      if (packed.length > 0) {
        base = Math.min(base, packed[0] >> SEAT_BITS);
      }
    }
    int k = 0;
    for (int m = 0; m < perMember.length; m++) {
      for (long p : perMember[m]) {
        keys[k++] = (((p >> SEAT_BITS) - base) << 32) | ((long) m << SEAT_BITS) | (p & SEAT_MASK);
      }
    }
    Arrays.sort(keys);
    List<TimeSlot> out = new ArrayList<>();
    int i = 0;
    while (i < total) {
      long offset = keys[i] >>> 32;
      List<ResourceId> free = new ArrayList<>();
      int seats = all ? Integer.MAX_VALUE : 0;
      int j = i;
      for (; j < total && (keys[j] >>> 32) == offset; j++) {
        free.add(
            members.get((int) ((keys[j] >>> SEAT_BITS) & (SlotEngine.MAX_TEAM - 1))).resource());
        int s = (int) (keys[j] & SEAT_MASK);
        seats = all ? Math.min(seats, s) : Math.max(seats, s);
      }
      if (!all || free.size() == members.size()) {
        long t = base + offset;
        out.add(
            new TimeSlot(
                Instant.ofEpochSecond(t), Instant.ofEpochSecond(t + duration), seats, free));
      }
      i = j;
    }
    return out;
  }

  private static long gcd(long a, long b) {
    while (b != 0) {
      long r = a % b;
      a = b;
      b = r;
    }
    return a;
  }
}
