package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Combines a team's slots member by member, as each member's are found, on the grid of the type's
 * step: per member one bit per grid start, per grid start a count and the seats. Nothing of a
 * member is kept but its bits, so the members' slot lists are never copied. A start off the grid
 * (windows opening off the step's phase) makes {@link #add} return false, and the caller falls back
 * to {@link TeamMerge}.
 */
final class TeamGrid {
  private static final long UNSET = Long.MIN_VALUE;

  /** The most bitmap words a query may use (2 MB); larger teams and ranges take the fallback. */
  private static final long MAX_WORDS = 1 << 18;

  private final long low;
  private final long step;
  private final int buckets;
  private final int words;
  private final boolean all;
  private final long[] bits;
  private final int[] count;
  private final int[] seats;
  private long base = UNSET;

  private TeamGrid(long low, long step, int buckets, int members, boolean all) {
    this.low = low;
    this.step = step;
    this.buckets = buckets;
    this.words = (buckets + 63) >>> 6;
    this.all = all;
    bits = new long[words * members];
    count = new int[buckets];
    seats = new int[buckets];
    if (all) {
      Arrays.fill(seats, Integer.MAX_VALUE);
    }
  }

  /**
   * The grid for a query over the local dates {@code from} to {@code to}, whose starts all lie
   * between the day before {@code from} and three days after {@code to} (in UTC, whatever the
   * zone); null when it would be too large.
   */
  static @Nullable TeamGrid of(LocalDate from, LocalDate to, long step, int members, boolean all) {
    long low = (from.toEpochDay() - 2) * SlotEngine.DAY;
    long high = (to.toEpochDay() + 4) * SlotEngine.DAY;
    long buckets = (high - low) / step + 2;
    if (buckets > Integer.MAX_VALUE / 2 || ((buckets + 63) >>> 6) * members > MAX_WORDS) {
      return null;
    }
    return new TeamGrid(low, step, (int) buckets, members, all);
  }

  /** Adds member {@code m}'s slots; false when one is off the grid (then this grid is unusable). */
  boolean add(int m, PackedStarts slots) {
    int n = slots.finish();
    long previous = UNSET;
    int b = -1;
    for (int i = 0; i < n; i++) {
      long p = slots.get(i);
      long t = p >> SlotEngine.SEAT_BITS;
      if (t - previous == step && previous != UNSET) {
        b++;
      } else {
        b = bucket(t);
        if (b < 0) {
          return false;
        }
      }
      previous = t;
      bits[m * words + (b >>> 6)] |= 1L << b;
      count[b]++;
      int s = (int) (p & SlotEngine.SEAT_MASK);
      seats[b] = all ? Math.min(seats[b], s) : Math.max(seats[b], s);
    }
    return true;
  }

  /** The grid index of {@code t}, or -1 when it is off the grid or out of its range. */
  private int bucket(long t) {
    if (base == UNSET) {
      base = t - (t - low) / step * step; // the grid's phase, from the first start seen
    }
    long offset = t - base;
    if (offset < 0 || offset % step != 0 || offset / step >= buckets) {
      return -1;
    }
    return (int) (offset / step);
  }

  /**
   * The team's slots: each grid start at which a member (any-of) or every member (all-of) is free,
   * with those members in the order given.
   */
  List<TimeSlot> slots(List<ResourceAvailability> members, long duration) {
    ResourceId[][] free = new ResourceId[buckets][];
    int listed = 0;
    for (int b = 0; b < buckets; b++) {
      if (count[b] > 0 && (!all || count[b] == members.size())) {
        free[b] = new ResourceId[count[b]];
        listed++;
      }
      count[b] = 0;
    }
    // Word by word, member by member: the members of 64 starts at a time, in member order.
    for (int w = 0; w < words; w++) {
      for (int m = 0; m < members.size(); m++) {
        long word = bits[m * words + w];
        if (word == 0) {
          continue;
        }
        ResourceId id = members.get(m).resource();
        for (; word != 0; word &= word - 1) {
          int b = (w << 6) + Long.numberOfTrailingZeros(word);
          if (free[b] != null) {
            free[b][count[b]++] = id;
          }
        }
      }
    }
    List<TimeSlot> out = new ArrayList<>(listed);
    for (int b = 0; b < buckets; b++) {
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
}
