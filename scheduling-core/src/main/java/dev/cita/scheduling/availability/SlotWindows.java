package dev.cita.scheduling.availability;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

/** The open windows of a date range, converted to instants once per window. */
final class SlotWindows {
  int size;
  long minStart = Long.MAX_VALUE;
  long maxEnd = Long.MIN_VALUE;
  long[] startInstant = new long[8];
  long[] endInstant = new long[8];
  long[] localStart = new long[8];
  long[] localEnd = new long[8];

  private final LocalDate from;
  private final LocalDate to;

  private SlotWindows(LocalDate from, LocalDate to) {
    this.from = from;
    this.to = to;
  }

  /**
   * The windows of {@code schedule} for the dates, reusing the last ones built for the same dates:
   * schedules are immutable and are asked for the same range query after query.
   */
  static SlotWindows of(Schedule schedule, ZoneTimeline timeline, LocalDate from, LocalDate to) {
    SlotWindows cached = schedule.windowsCache;
    if (cached != null && cached.from.equals(from) && cached.to.equals(to)) {
      return cached;
    }
    SlotWindows built = build(schedule, timeline, from, to);
    schedule.windowsCache = built;
    return built;
  }

  private static SlotWindows build(
      Schedule schedule, ZoneTimeline timeline, LocalDate from, LocalDate to) {
    SlotWindows w = new SlotWindows(from, to);
    for (long day = from.toEpochDay(); day <= to.toEpochDay(); day++) {
      List<LocalTimeRange> hours = schedule.hoursOn(LocalDate.ofEpochDay(day));
      for (int i = 0; i < hours.size(); i++) {
        LocalTimeRange range = hours.get(i);
        long ls = day * SlotEngine.DAY + range.start().toSecondOfDay();
        long le =
            (range.endsNextDay() ? day + 1 : day) * SlotEngine.DAY + range.end().toSecondOfDay();
        // Both ends in a gap move forward by the gap; in an overlap both take the earlier offset:
        // the window closes the first time the clock shows its end.
        long s = timeline.instant(ls);
        long e = timeline.instant(le);
        if (e > s) {
          w.add(s, e, ls, le);
        }
      }
    }
    return w;
  }

  /** The most grid starts the windows can hold: the capacity that never needs to grow. */
  long gridSize(long step) {
    long total = 0;
    for (int i = 0; i < size; i++) {
      total += (endInstant[i] - startInstant[i]) / step + 2;
    }
    return total;
  }

  private void add(long s, long e, long ls, long le) {
    if (size == startInstant.length) {
      startInstant = Arrays.copyOf(startInstant, size * 2);
      endInstant = Arrays.copyOf(endInstant, size * 2);
      localStart = Arrays.copyOf(localStart, size * 2);
      localEnd = Arrays.copyOf(localEnd, size * 2);
    }
    startInstant[size] = s;
    endInstant[size] = e;
    localStart[size] = ls;
    localEnd[size] = le;
    size++;
    minStart = Math.min(minStart, s);
    maxEnd = Math.max(maxEnd, e);
  }
}
