package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Computes free slots from schedules, an appointment type's policy and busy time. Pure and
 * thread-safe: the same inputs always give the same slots, and nothing is read from a clock or a
 * store. The rules are those of DESIGN.md, "Slot semantics":
 *
 * <ul>
 *   <li>Windows open per local date of the resource's zone (the date range is inclusive and read in
 *       that zone); a window belongs to the date it starts on, so an overnight window of the last
 *       date yields slots on the next date.
 *   <li>Candidate starts are {@code windowStart + k·step} in wall-clock time; a start that does not
 *       exist (DST gap) is skipped, an ambiguous one takes the earlier offset; the slot lasts the
 *       type's duration in real time and must fit inside the window.
 *   <li>A candidate is free when its buffered span overlaps no time off, external busy time or
 *       appointment, and no appointment's buffered span overlaps the candidate itself.
 *   <li>Seats, minimum notice, horizon and the per-day cap as documented on {@link AppointmentType}.
 * </ul>
 *
 * <p>Zones are converted once per window, not per candidate: while the offset is constant over a
 * window, candidates are plain epoch-second arithmetic; busy time is swept with two pointers over
 * primitive arrays.
 */
public final class SlotEngine {
  private static final long MAX_BUFFER_SECONDS = AppointmentType.MAX_BUFFER.getSeconds();
  private static final long DAY = 86_400L;
  static final int SEAT_BITS = 16;
  static final long SEAT_MASK = (1L << SEAT_BITS) - 1;
  /** Team members are numbered in 16 bits when their slots are merged by sorting. */
  static final int MAX_TEAM = 1 << 16;
  /** Probe value meaning "list every slot". */
  private static final long NO_PROBE = Long.MIN_VALUE;

  private SlotEngine() {}

  /** The engine. It keeps no state, so one instance serves every thread. */
  public static SlotEngine create() {
    return new SlotEngine();
  }

  /**
   * The free slots of one resource whose windows open on the local dates {@code from} to
   * {@code to} (both inclusive, in the resource's zone), sorted by start.
   */
  public List<TimeSlot> slots(ResourceAvailability resource, AppointmentType type,
      LocalDate from, LocalDate to, Instant now) {
    checkQuery(resource, type, from, to, now);
    long[] packed = compute(resource, type, from, to, now, NO_PROBE, null);
    long duration = type.duration().getSeconds();
    List<ResourceId> members = List.of(resource.resource());
    List<TimeSlot> out = new ArrayList<>(packed.length);
    for (long p : packed) {
      long t = p >> SEAT_BITS;
      out.add(new TimeSlot(Instant.ofEpochSecond(t), Instant.ofEpochSecond(t + duration),
          (int) (p & SEAT_MASK), members));
    }
    return out;
  }

  /**
   * Round robin: each start at which at least one member is free, listed once with the members
   * free at it (in the order given); remaining seats are the largest among them.
   */
  public List<TimeSlot> anyOf(List<ResourceAvailability> members, AppointmentType type,
      LocalDate from, LocalDate to, Instant now) {
    return team(members, type, from, to, now, false);
  }

  /**
   * Collective: each start at which every member is free; remaining seats are the smallest among
   * them.
   */
  public List<TimeSlot> allOf(List<ResourceAvailability> members, AppointmentType type,
      LocalDate from, LocalDate to, Instant now) {
    return team(members, type, from, to, now, true);
  }

  /**
   * Decides whether {@code start} can be booked for {@code type} on this resource, by the same
   * rules as {@link #slots}: the start must be on the grid of a window that opens on its local
   * date or the date before.
   *
   * @return empty when the slot is free, else the first reason it is not
   */
  public Optional<SlotRefusal> check(ResourceAvailability resource, AppointmentType type,
      Instant start, Instant now) {
    Checks.notNull(start, "start");
    checkQuery(resource, type, LocalDate.MIN, LocalDate.MIN, now);
    if (start.getNano() != 0) {
      return Optional.of(SlotRefusal.OUTSIDE_HOURS);
    }
    LocalDate date = start.atZone(resource.schedule().zone()).toLocalDate();
    SlotRefusal[] verdict = {SlotRefusal.OUTSIDE_HOURS};
    long[] found = compute(resource, type, date.minusDays(1), date, now, start.getEpochSecond(), verdict);
    return found.length > 0 ? Optional.empty() : Optional.of(verdict[0]);
  }

  private static void checkQuery(ResourceAvailability resource, AppointmentType type,
      LocalDate from, LocalDate to, Instant now) {
    Checks.notNull(resource, "resource");
    Checks.notNull(type, "appointmentType");
    Checks.notNull(from, "from");
    Checks.notNull(to, "to");
    Checks.notNull(now, "now");
    if (to.isBefore(from)) {
      throw new ValidationException("to", "must not be before from (" + from + "), was " + to);
    }
    if (ChronoUnit.DAYS.between(from, to) > 3660) {
      throw new ValidationException("to", "a query may span at most ten years");
    }
    if (type.seats() > SEAT_MASK) {
      throw new ValidationException("appointmentType.seats", "must be at most " + SEAT_MASK);
    }
  }

  private List<TimeSlot> team(List<ResourceAvailability> members, AppointmentType type,
      LocalDate from, LocalDate to, Instant now, boolean all) {
    Checks.notNull(members, "members");
    if (members.isEmpty()) {
      throw new ValidationException("members", "a team query needs at least one member");
    }
    Map<ResourceId, ResourceAvailability> unique = new LinkedHashMap<>();
    for (ResourceAvailability m : members) {
      checkQuery(m, type, from, to, now);
      unique.putIfAbsent(m.resource(), m);
    }
    if (unique.size() > MAX_TEAM) {
      throw new ValidationException("members", "a team may have at most " + MAX_TEAM + " members");
    }
    List<ResourceAvailability> list = new ArrayList<>(unique.values());
    int n = list.size();
    long[][] perMember = new long[n][];
    for (int m = 0; m < n; m++) {
      perMember[m] = compute(list.get(m), type, from, to, now, NO_PROBE, null);
    }
    return TeamMerge.merge(list, perMember, type.duration().getSeconds(), all);
  }

  /**
   * The core computation for one resource: packed {@code start << 16 | remainingSeats} values,
   * sorted and unique. With a probe, only the candidate starting at the probe is evaluated and
   * {@code verdict[0]} receives the reason it was refused.
   */
  private static long[] compute(ResourceAvailability r, AppointmentType type, LocalDate from,
      LocalDate to, Instant now, long probe, SlotRefusal[] verdict) {
    Schedule schedule = r.schedule();
    ZoneId zone = schedule.zone();
    ZoneRules rules = zone.getRules();
    ZoneTimeline timeline = ZoneTimeline.of(zone, from.toEpochDay() * DAY, (to.toEpochDay() + 2) * DAY);
    long duration = type.duration().getSeconds();
    long step = type.step().getSeconds();
    // Rounded up: candidates are whole seconds, so this is exact against whole-second busy time.
    long bufferBefore = ceilSeconds(type.bufferBefore());
    long bufferAfter = ceilSeconds(type.bufferAfter());
    long notBefore = IntervalSet.ceilSeconds(now.plus(type.minimumNotice()));
    long horizonEnd = IntervalSet.ceilSeconds(now.plus(type.horizon()));

    Windows windows = Windows.of(schedule, timeline, from, to);
    if (windows.size == 0) {
      return new long[0];
    }
    long lower = windows.minStart - 2 * MAX_BUFFER_SECONDS;
    long upper = windows.maxEnd + 2 * MAX_BUFFER_SECONDS;

    // Busy time, merged once. "hard" blocks the candidate's buffered span; "soft" (appointments
    // with their own buffers) blocks the candidate's own span. Appointments of a seated type are
    // kept apart as seat groups, since same-time ones share the slot instead of blocking it.
    int expected = r.appointments().size() + 16;
    // Kept apart until merged, so that each part arrives sorted (stores hand appointments over
    // by start) and nothing needs sorting in the usual case.
    IntervalSet.Builder hardBuilder = new IntervalSet.Builder(expected);
    IntervalSet.Builder softBuilder = new IntervalSet.Builder(expected);
    IntervalSet.Builder timeOffBuilder = new IntervalSet.Builder(4 * schedule.timeOff().size() + 4);
    for (TimeOff off : schedule.timeOff()) {
      off.expandInto(timeOffBuilder, zone, lower, upper);
    }
    boolean seated = type.seats() > 1;
    boolean capped = type.maxPerDay().isPresent();
    long firstDay = from.toEpochDay() - 1;
    int[] perDay = capped ? new int[(int) (to.toEpochDay() - firstDay) + 3] : null;
    SeatGroups groups = seated ? new SeatGroups() : null;
    for (Appointment a : r.appointments()) {
      if (!AppointmentLifecycle.holdsTime(a.status())) {
        continue;
      }
      long s = IntervalSet.floorSeconds(a.start());
      long e = IntervalSet.ceilSeconds(a.end());
      boolean sameType = (capped || seated) && a.type().equals(type.id());
      if (capped && sameType) {
        long day = LocalDate.ofInstant(a.start(), zone).toEpochDay() - firstDay;
        if (day >= 0 && day < perDay.length) {
          perDay[(int) day]++;
        }
      }
      if (e <= lower || s >= upper) {
        continue;
      }
      // The buffered span is widened to whole seconds as one interval, so it never shrinks.
      long bb = s - floorMinus(a.start(), a.bufferBefore());
      long ba = ceilPlus(a.end(), a.bufferAfter()) - e;
      if (seated && sameType) {
        groups.add(s, e, bb, ba);
      } else {
        hardBuilder.add(s, e);
        softBuilder.add(s - bb, e + ba);
      }
    }
    IntervalSet hard = IntervalSet.union(hardBuilder.build(), timeOffBuilder.build(), r.externalBusy());
    IntervalSet soft = softBuilder.build();
    if (seated) {
      groups.seal();
    }
    int maxPerDay = type.maxPerDay().orElse(Integer.MAX_VALUE);
    int seats = type.seats();

    // The common case (listing slots of a type without seats or a daily cap) has a tight loop.
    boolean plain = probe == NO_PROBE && !seated && !capped;
    Starts out = new Starts(probe == NO_PROBE ? windows.gridSize(step) : 1);
    int hardIdx = 0;
    int softIdx = 0;
    long pointerTime = Long.MAX_VALUE; // the latest start the busy pointers were moved for
    for (int w = 0; w < windows.size; w++) {
      long windowStart = windows.startInstant[w];
      long windowEnd = windows.endInstant[w];
      if (probe == NO_PROBE && (windowEnd <= notBefore || windowStart >= horizonEnd)) {
        continue;
      }
      if (probe != NO_PROBE && (probe < windowStart || probe + duration > windowEnd)) {
        continue;
      }
      long localStart = windows.localStart[w];
      // Windows usually come in start order, so the busy pointers carry on from the last window.
      if (windowStart < pointerTime) {
        hardIdx = hard.firstEndingAfter(windowStart - bufferBefore);
        softIdx = soft.firstEndingAfter(windowStart);
      }
      // Fast path: one offset for the whole window, so the local grid is the instant grid.
      boolean constantOffset = timeline.constantOver(localStart, windows.localEnd[w]);
      int offsetSeconds = constantOffset ? timeline.offset(localStart) : 0;
      long k = 0;
      if (constantOffset && probe != NO_PROBE) {
        long delta = probe - windowStart;
        if (delta < 0 || delta % step != 0) {
          continue;
        }
        k = delta / step;
      } else if (constantOffset && notBefore > windowStart) {
        k = (notBefore - windowStart + step - 1) / step;
      }
      if (plain && constantOffset) {
        long first = windowStart + k * step;
        long last = Math.min(windowEnd - duration, horizonEnd - 1);
        long cursor = sweep(hard, soft, hardIdx, softIdx, first, last, step, duration,
            bufferBefore, bufferAfter, out);
        hardIdx = (int) (cursor >>> 32);
        softIdx = (int) cursor;
        if (first <= last) {
          pointerTime = pointerTime == Long.MAX_VALUE ? last : Math.max(pointerTime, last);
        }
        continue;
      }
      for (;; k++) {
        long t;
        long localEpochSecond;
        if (constantOffset) {
          t = windowStart + k * step;
          if (t + duration > windowEnd) {
            break;
          }
          localEpochSecond = t + offsetSeconds;
        } else {
          LocalDateTime local = ZoneTimeline.toLocal(localStart + k * step);
          List<ZoneOffset> offsets = rules.getValidOffsets(local);
          if (offsets.isEmpty()) {
            continue; // this grid time does not exist today (DST gap)
          }
          t = local.toEpochSecond(offsets.get(0));
          // Bounded by the window's instants, as on the fast path, not by its local end: an end in
          // an overlap takes the later offset (and one in a gap moves forward), so grid times past
          // the end's wall time can still lie inside the window. Grid instants grow with k.
          if (t >= windowEnd) {
            break;
          }
          if (t < windowStart || t + duration > windowEnd) {
            continue;
          }
          localEpochSecond = local.toEpochSecond(ZoneOffset.UTC);
        }
        if (probe != NO_PROBE) {
          if (t < probe) {
            continue;
          }
          if (t > probe) {
            break;
          }
        }
        if (t < notBefore) {
          refuse(verdict, SlotRefusal.TOO_SOON);
          continue;
        }
        if (t >= horizonEnd) {
          refuse(verdict, SlotRefusal.BEYOND_HORIZON);
          break;
        }
        long bufferedStart = t - bufferBefore;
        pointerTime = pointerTime == Long.MAX_VALUE ? t : Math.max(pointerTime, t);
        while (hardIdx < hard.size && hard.ends[hardIdx] <= bufferedStart) {
          hardIdx++;
        }
        if (hardIdx < hard.size && hard.starts[hardIdx] < t + duration + bufferAfter) {
          refuse(verdict, SlotRefusal.BUSY);
          if (constantOffset && probe == NO_PROBE) {
            // Jump to the first grid start whose buffered span clears this busy interval.
            long clear = hard.ends[hardIdx] + bufferBefore - windowStart;
            k = Math.max(k, (clear + step - 1) / step - 1);
          }
          continue;
        }
        while (softIdx < soft.size && soft.ends[softIdx] <= t) {
          softIdx++;
        }
        if (softIdx < soft.size && soft.starts[softIdx] < t + duration) {
          refuse(verdict, SlotRefusal.BUSY);
          if (constantOffset && probe == NO_PROBE) {
            // Jump to the first grid start at or after the end of this buffered appointment.
            long clear = soft.ends[softIdx] - windowStart;
            k = Math.max(k, (clear + step - 1) / step - 1);
          }
          continue;
        }
        int remaining = seats;
        if (seated) {
          int taken = groups.seatsTaken(t, t + duration, bufferBefore, bufferAfter);
          if (taken < 0) {
            refuse(verdict, SlotRefusal.BUSY);
            continue;
          }
          remaining = seats - taken;
          if (remaining <= 0) {
            refuse(verdict, SlotRefusal.FULL);
            continue;
          }
        }
        if (capped) {
          long day = Math.floorDiv(localEpochSecond, 86_400L) - firstDay;
          if (day >= 0 && day < perDay.length && perDay[(int) day] >= maxPerDay) {
            refuse(verdict, SlotRefusal.DAILY_LIMIT);
            continue;
          }
        }
        out.add(t, remaining);
      }
    }
    return out.sortedUnique();
  }

  private static long ceilSeconds(Duration d) {
    return d.getSeconds() + (d.getNano() > 0 ? 1 : 0);
  }

  /**
   * The free starts {@code first, first + step, …} up to {@code last} of one window with one
   * offset, for a type without seats or a daily cap: busy time is swept with the two pointers,
   * which are returned packed ({@code hard << 32 | soft}) for the next window.
   */
  private static long sweep(IntervalSet hard, IntervalSet soft, int hardIdx, int softIdx,
      long first, long last, long step, long duration, long bufferBefore, long bufferAfter,
      Starts out) {
    long[] hardStarts = hard.starts;
    long[] hardEnds = hard.ends;
    long[] softStarts = soft.starts;
    long[] softEnds = soft.ends;
    int hardSize = hard.size;
    int softSize = soft.size;
    int h = hardIdx;
    int s = softIdx;
    long t = first;
    while (t <= last) {
      long bufferedStart = t - bufferBefore;
      while (h < hardSize && hardEnds[h] <= bufferedStart) {
        h++;
      }
      if (h < hardSize && hardStarts[h] < t + duration + bufferAfter) {
        long clear = hardEnds[h] + bufferBefore; // first start whose buffered span clears it
        t += (clear - t + step - 1) / step * step;
        continue;
      }
      while (s < softSize && softEnds[s] <= t) {
        s++;
      }
      if (s < softSize && softStarts[s] < t + duration) {
        t += (softEnds[s] - t + step - 1) / step * step;
        continue;
      }
      out.add(t, 1);
      t += step;
    }
    return ((long) h << 32) | (s & 0xFFFFFFFFL);
  }

  /** {@code instant - d} rounded down to a whole second, without allocating. */
  private static long floorMinus(Instant instant, java.time.Duration d) {
    long seconds = instant.getEpochSecond() - d.getSeconds();
    return instant.getNano() >= d.getNano() ? seconds : seconds - 1;
  }

  /** {@code instant + d} rounded up to a whole second, without allocating. */
  private static long ceilPlus(Instant instant, java.time.Duration d) {
    long nanos = (long) instant.getNano() + d.getNano();
    long seconds = instant.getEpochSecond() + d.getSeconds() + nanos / 1_000_000_000L;
    return nanos % 1_000_000_000L == 0 ? seconds : seconds + 1;
  }

  private static void refuse(SlotRefusal[] verdict, SlotRefusal reason) {
    if (verdict != null) {
      verdict[0] = reason;
    }
  }

  /** Packed {@code start << 16 | remainingSeats} values, in the order found. */
  private static final class Starts {
    private long[] values;
    private int size;
    private boolean sorted = true;

    Starts(long capacity) {
      values = new long[(int) Math.max(1, Math.min(capacity, 1 << 20))];
    }

    void add(long start, int seats) {
      long packed = (start << SEAT_BITS) | seats;
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
        if (n == 0 || (copy[i] >> SEAT_BITS) != (copy[n - 1] >> SEAT_BITS)) {
          copy[n++] = copy[i];
        }
      }
      return Arrays.copyOf(copy, n);
    }
  }

  /** The open windows of a date range, converted to instants once per window. */
  static final class Windows {
    int size;
    long minStart = Long.MAX_VALUE;
    long maxEnd = Long.MIN_VALUE;
    long[] startInstant = new long[8];
    long[] endInstant = new long[8];
    long[] localStart = new long[8];
    long[] localEnd = new long[8];

    private LocalDate from;
    private LocalDate to;

    /**
     * The windows of {@code schedule} for the dates, reusing the last ones built for the same
     * dates: schedules are immutable and are asked for the same range query after query.
     */
    static Windows of(Schedule schedule, ZoneTimeline timeline, LocalDate from, LocalDate to) {
      Windows cached = schedule.windowsCache;
      if (cached != null && cached.from.equals(from) && cached.to.equals(to)) {
        return cached;
      }
      Windows built = build(schedule, timeline, from, to);
      schedule.windowsCache = built;
      return built;
    }

    private static Windows build(Schedule schedule, ZoneTimeline timeline, LocalDate from, LocalDate to) {
      Windows w = new Windows();
      w.from = from;
      w.to = to;
      for (long day = from.toEpochDay(); day <= to.toEpochDay(); day++) {
        List<LocalTimeRange> hours = schedule.hoursOn(LocalDate.ofEpochDay(day));
        for (int i = 0; i < hours.size(); i++) {
          LocalTimeRange range = hours.get(i);
          long ls = day * DAY + range.start().toSecondOfDay();
          long le = (range.endsNextDay() ? day + 1 : day) * DAY + range.end().toSecondOfDay();
          // A start in a gap moves forward by the gap; an end in an overlap takes the later
          // offset, so the window keeps its whole wall-clock span (its true elapsed length).
          long s = timeline.startInstant(ls);
          long e = timeline.endInstant(le);
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

  /** Appointments of a seated type, grouped by identical {@code [start, end)}. */
  private static final class SeatGroups {
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
      for (int i = lo; i < size && starts[i] - MAX_BUFFER_SECONDS < end + bufferAfter; i++) {
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
}
