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
    double perStep = 1.0 / step;
    int[][] bucketOf = new int[perMember.length][];
    int[] count = new int[n];
    int[] seats = new int[n];
    if (all) {
      Arrays.fill(seats, Integer.MAX_VALUE);
    }
    for (int m = 0; m < perMember.length; m++) {
      long[] packed = perMember[m];
      int[] at = new int[packed.length];
      long previous = Long.MIN_VALUE;
      int b = -1;
      for (int i = 0; i < packed.length; i++) {
        long offset = (packed[i] >> SEAT_BITS) - base;
        if (offset - previous == step) {
          b++; // the usual case: the next grid start
        } else {
          b = (int) Math.round(offset * perStep);
          if (b * step != offset) {
            return sorted(members, perMember, total, duration, all); // off the guessed grid
          }
        }
        previous = offset;
        at[i] = b;
        count[b]++;
        int s = (int) (packed[i] & SEAT_MASK);
        seats[b] = all ? Math.min(seats[b], s) : Math.max(seats[b], s);
      }
      bucketOf[m] = at;
    }
    ResourceId[][] free = new ResourceId[n][];
    for (int b = 0; b < n; b++) {
      if (count[b] > 0 && (!all || count[b] == members.size())) {
        free[b] = new ResourceId[count[b]];
      }
      count[b] = 0;
    }
    for (int m = 0; m < perMember.length; m++) {
      ResourceId id = members.get(m).resource();
      for (int b : bucketOf[m]) {
        if (free[b] != null) {
          free[b][count[b]++] = id;
        }
      }
    }
    List<TimeSlot> out = new ArrayList<>();
    for (int b = 0; b < n; b++) {
      if (free[b] != null) {
        long t = base + b * step;
        out.add(
            new TimeSlot(
                Instant.ofEpochSecond(t),
                Instant.ofEpochSecond(t + duration),
                seats[b],
                Arrays.asList(free[b])));
      }
    }
    return out;
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
