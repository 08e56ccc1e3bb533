package dev.cita.scheduling.availability;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Walks one resource's candidate starts window by window and collects the free ones. Where nothing
 * but busy time can refuse a start (no probe, seats or daily cap) and the window has one offset, it
 * emits whole runs of grid starts between blocked spans; otherwise it tests start by start, in the
 * order of the refusals a probe reports: too soon, beyond the horizon, busy or closed, seats, daily
 * cap.
 */
final class CandidateSweep {
  /** Probe value meaning "list every slot". */
  static final long NO_PROBE = Long.MIN_VALUE;

  /** What {@link #candidate} returns when no later start of the window can be listed. */
  private static final long STOP = Long.MAX_VALUE;

  private final SlotPolicy p;
  private final BusyIndex busy;
  private final ZoneTimeline timeline;
  private final ZoneRules rules;
  private final PackedStarts out;
  private final long probe;
  private final SlotRefusal @Nullable [] verdict;

  /** Index into the blocked starts: the first span not ending before the latest start tested. */
  private int cursor;

  CandidateSweep(
      SlotPolicy p,
      BusyIndex busy,
      SlotWindows windows,
      PackedStarts out,
      long probe,
      SlotRefusal @Nullable [] verdict) {
    this.p = p;
    this.busy = busy;
    this.timeline = windows.timeline;
    this.rules = windows.timeline.rules();
    this.out = out;
    this.probe = probe;
    this.verdict = verdict;
  }

  /** Sweeps window {@code w} of {@code windows}. */
  void window(SlotWindows windows, int w) {
    long start = windows.startInstant[w];
    long end = windows.endInstant[w];
    if (outOfReach(start, end)) {
      return;
    }
    long localStart = windows.localStart[w];
    if (!timeline.constantOver(localStart, windows.localEnd[w])) {
      acrossOffsetChange(start, end, localStart);
      return;
    }
    long first = firstStart(start);
    if (first == STOP) {
      return;
    }
    if (probe == NO_PROBE && p.plain()) {
      freeRuns(first, Math.min(end - p.duration, p.horizonEnd - 1));
    } else {
      onGrid(first, end, timeline.offset(localStart));
    }
  }

  /** True for a window with no start that could be listed (or without the probe). */
  private boolean outOfReach(long start, long end) {
    return probe == NO_PROBE
        ? end <= p.notBefore || start >= p.horizonEnd
        : probe < start || probe + p.duration > end;
  }

  /**
   * In a window of one offset, the first grid start worth testing: the probe (or {@link #STOP} if
   * it is off the grid), else the first not before the minimum notice.
   */
  private long firstStart(long windowStart) {
    if (probe != NO_PROBE) {
      return (probe - windowStart) % p.step == 0 ? probe : STOP;
    }
    return p.notBefore > windowStart ? gridAtOrAfter(windowStart, p.notBefore) : windowStart;
  }

  /** The first start {@code from + k·step} not before {@code t}. */
  private long gridAtOrAfter(long from, long t) {
    return t <= from ? from : from + (t - from + p.step - 1) / p.step * p.step;
  }

  /**
   * The plain case: every grid start from {@code first} to {@code last} that no blocked span
   * covers, run by run.
   */
  private void freeRuns(long first, long last) {
    IntervalSet blocked = busy.blocked;
    long[] starts = blocked.starts;
    long[] ends = blocked.ends;
    int n = blocked.size;
    int i = blocked.firstEndingAfter(first);
    long t = first;
    while (t <= last) {
      while (i < n && ends[i] <= t) {
        i++;
      }
      if (i < n && starts[i] <= t) {
        t = gridAtOrAfter(t, ends[i]);
      } else {
        t = out.addRun(t, i < n ? Math.min(last, starts[i] - 1) : last, p.step, p.seats);
      }
    }
  }

  /** Start by start through a window of one offset, jumping over blocked spans. */
  private void onGrid(long first, long end, int offset) {
    cursor = busy.blocked.firstEndingAfter(first);
    long t = first;
    while (t + p.duration <= end) {
      long next = candidate(t, t + offset);
      if (next == STOP) {
        return;
      }
      t = gridAtOrAfter(t + p.step, next);
    }
  }

  /**
   * Start by start through a window whose offset changes (DST): grid times are wall-clock times, a
   * time in a gap does not exist and one in an overlap takes the earlier offset. The window is
   * bounded by its instants, not its local end: an end in a gap moves forward, so grid times past
   * the end's wall time can still lie inside it (an end in an overlap takes the earlier offset, so
   * none past it do there). Grid instants grow with the wall-clock time.
   */
  private void acrossOffsetChange(long start, long end, long localStart) {
    cursor = busy.blocked.firstEndingAfter(start);
    for (long local = localStart; ; local += p.step) {
      LocalDateTime wall = ZoneTimeline.toLocal(local);
      List<ZoneOffset> offsets = rules.getValidOffsets(wall);
      if (offsets.isEmpty()) {
        continue; // this grid time does not exist today (DST gap)
      }
      long t = wall.toEpochSecond(offsets.get(0));
      if (t >= end) {
        return;
      }
      if (t >= start && t + p.duration <= end && candidate(t, local) == STOP) {
        return;
      }
    }
  }

  /**
   * Tests the start {@code t} (whose wall-clock time is {@code local}) and lists it if free;
   * {@return the earliest start worth testing next, or {@link #STOP}}
   */
  private long candidate(long t, long local) {
    if (probe != NO_PROBE && t != probe) {
      return t < probe ? t + 1 : STOP;
    }
    if (t < p.notBefore) {
      refuse(SlotRefusal.TOO_SOON);
      return t + 1;
    }
    if (t >= p.horizonEnd) {
      refuse(SlotRefusal.BEYOND_HORIZON);
      return STOP;
    }
    long clear = blockedUntil(t);
    if (clear > t) {
      refuse(
          busy.closed.overlaps(t - p.bufferBefore, t + p.duration + p.bufferAfter)
              ? SlotRefusal.CLOSED
              : SlotRefusal.BUSY);
      return clear;
    }
    int seats = seatsLeft(t);
    if (seats > 0 && !overDailyCap(local)) {
      out.add(t, seats);
    }
    return t + 1;
  }

  /** The end of the blocked span covering {@code t}, or {@code t} itself when none does. */
  private long blockedUntil(long t) {
    IntervalSet blocked = busy.blocked;
    if (cursor > 0 && blocked.ends[cursor - 1] > t) {
      cursor = blocked.firstEndingAfter(t); // an earlier start than the last one tested
    }
    while (cursor < blocked.size && blocked.ends[cursor] <= t) {
      cursor++;
    }
    return cursor < blocked.size && blocked.starts[cursor] <= t ? blocked.ends[cursor] : t;
  }

  /** The seats left at {@code t}, or 0 when it is refused (busy or full). */
  private int seatsLeft(long t) {
    SeatGroups groups = busy.groups;
    if (groups == null) {
      return p.seats;
    }
    int taken = groups.seatsTaken(t, t + p.duration, p.bufferBefore, p.bufferAfter);
    if (taken < 0) {
      refuse(SlotRefusal.BUSY);
      return 0;
    }
    if (p.seats - taken <= 0) {
      refuse(SlotRefusal.FULL);
      return 0;
    }
    return p.seats - taken;
  }

  /** True when the local date of {@code local} already has the type's daily cap of bookings. */
  private boolean overDailyCap(long local) {
    int[] perDay = busy.perDay;
    if (perDay == null) {
      return false;
    }
    long day = Math.floorDiv(local, SlotEngine.DAY) - busy.firstDay;
    if (day >= 0 && day < perDay.length && perDay[(int) day] >= p.maxPerDay) {
      refuse(SlotRefusal.DAILY_LIMIT);
      return true;
    }
    return false;
  }

  private void refuse(SlotRefusal reason) {
    if (verdict != null) {
      verdict[0] = reason;
    }
  }
}
