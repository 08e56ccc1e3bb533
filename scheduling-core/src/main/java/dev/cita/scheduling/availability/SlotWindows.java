package dev.cita.scheduling.availability;

import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The open windows of a date range, converted to instants once per window: the schedule's own, or,
 * for a type with service hours, their overlaps with the service's windows.
 */
final class SlotWindows {
  int size;
  long minStart = Long.MAX_VALUE;
  long maxEnd = Long.MIN_VALUE;
  long[] startInstant = new long[8];
  long[] endInstant = new long[8];
  long[] localStart = new long[8];
  long[] localEnd = new long[8];

  /** The zone's offsets over the range, kept with the windows so a cached range reuses them. */
  final ZoneTimeline timeline;

  private final LocalDate from;
  private final LocalDate to;
  private final @Nullable ServiceHours service;

  private SlotWindows(
      LocalDate from, LocalDate to, @Nullable ServiceHours service, ZoneTimeline timeline) {
    this.from = from;
    this.to = to;
    this.service = service;
    this.timeline = timeline;
  }

  /**
   * The windows of {@code schedule} for the dates, with the timeline the slot engine needs for them
   * (local times of {@code from} to two days after {@code to}), both reused while the dates repeat.
   */
  static SlotWindows of(
      Schedule schedule, @Nullable ServiceHours service, LocalDate from, LocalDate to) {
    SlotWindows cached = schedule.windowsCache;
    if (cached != null && cached.isFor(from, to, service)) {
      return cached;
    }
    ZoneTimeline timeline =
        ZoneTimeline.of(
            schedule.zone(),
            from.toEpochDay() * SlotEngine.DAY,
            (to.toEpochDay() + 2) * SlotEngine.DAY);
    return of(schedule, service, timeline, from, to);
  }

  private boolean isFor(LocalDate from, LocalDate to, @Nullable ServiceHours service) {
    return this.from.equals(from) && this.to.equals(to) && this.service == service;
  }

  /**
   * The windows of {@code schedule} for the dates, reusing the last ones built for the same dates:
   * schedules are immutable and are asked for the same range query after query.
   */
  static SlotWindows of(
      Schedule schedule,
      @Nullable ServiceHours service,
      ZoneTimeline timeline,
      LocalDate from,
      LocalDate to) {
    SlotWindows cached = schedule.windowsCache;
    if (cached != null && cached.isFor(from, to, service)) {
      return cached;
    }
    SlotWindows built = build(schedule, service, timeline, from, to);
    schedule.windowsCache = built;
    return built;
  }

  private static SlotWindows build(
      Schedule schedule,
      @Nullable ServiceHours service,
      ZoneTimeline timeline,
      LocalDate from,
      LocalDate to) {
    SlotWindows w = new SlotWindows(from, to, service, timeline);
    for (long day = from.toEpochDay(); day <= to.toEpochDay(); day++) {
      List<LocalTimeRange> hours = schedule.hoursOn(LocalDate.ofEpochDay(day));
      for (int i = 0; i < hours.size(); i++) {
        LocalTimeRange range = hours.get(i);
        long ls = localStart(day, range);
        long le = localEnd(day, range);
        if (service == null) {
          w.addLocal(timeline, ls, le);
        } else {
          w.addOverlaps(timeline, service, day, ls, le);
        }
      }
    }
    return w;
  }

  /**
   * Adds the overlaps of the resource's window {@code [ls, le)} with the service's windows that
   * open the day before, the same day or the day after (any of them may reach into it).
   */
  private void addOverlaps(
      ZoneTimeline timeline, ServiceHours service, long day, long ls, long le) {
    for (long d = day - 1; d <= day + 1; d++) {
      for (LocalTimeRange range : service.hoursOn(LocalDate.ofEpochDay(d))) {
        addLocal(timeline, Math.max(ls, localStart(d, range)), Math.min(le, localEnd(d, range)));
      }
    }
  }

  private static long localStart(long day, LocalTimeRange range) {
    return day * SlotEngine.DAY + range.start().toSecondOfDay();
  }

  private static long localEnd(long day, LocalTimeRange range) {
    return (range.endsNextDay() ? day + 1 : day) * SlotEngine.DAY + range.end().toSecondOfDay();
  }

  /** Adds the window between two local times, if it is not empty once placed on the timeline. */
  private void addLocal(ZoneTimeline timeline, long ls, long le) {
    // Both ends in a gap move forward by the gap; in an overlap both take the earlier offset: the
    // window closes the first time the clock shows its end.
    long s = timeline.instant(ls);
    long e = timeline.instant(le);
    if (e > s) {
      add(s, e, ls, le);
    }
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
