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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Computes free slots from schedules, an appointment type's policy and busy time. Pure and
 * thread-safe: the same inputs always give the same slots, and nothing is read from a clock or a
 * store. The rules are those of docs/DESIGN.md, "Slot semantics":
 *
 * <ul>
 *   <li>Windows open per local date of the resource's zone (the date range is inclusive and read in
 *       that zone); a window belongs to the date it starts on, so an overnight window of the last
 *       date yields slots on the next date. A window's start or end that falls in a DST overlap
 *       takes the earlier offset (the window closes the first time the clock shows its end, so no
 *       slot starts at or after the end's wall time); one in a DST gap moves forward by the gap.
 *   <li>Candidate starts are {@code windowStart + k·step} in wall-clock time; a start that does not
 *       exist (DST gap) is skipped, an ambiguous one takes the earlier offset; the slot lasts the
 *       type's duration in real time and must fit inside the window.
 *   <li>A type with {@link dev.cita.scheduling.availability.ServiceHours} is offered only where
 *       they overlap the resource's windows (intersected in local time; the grid runs from the
 *       start of each overlap, which belongs to the date its resource window opens on).
 *   <li>A candidate is free when its buffered span overlaps no time off, closure, external busy
 *       time or appointment, and no appointment's buffered span overlaps the candidate itself.
 *   <li>Seats, minimum notice, horizon and the per-day cap as documented on {@link
 *       AppointmentType}.
 * </ul>
 *
 * <p>A query lists at most {@link #maxSlotsPerQuery()} slots (by default {@value
 * #DEFAULT_MAX_SLOTS_PER_QUERY}): one that would list more is refused with a {@link
 * ValidationException} on field {@code "query"}, raised as soon as the cap is passed (the rest of
 * the range is not computed). Teams are capped per member and in total.
 *
 * <p>Zones are converted once per window, not per candidate: while the offset is constant over a
 * window, candidates are plain epoch-second arithmetic; busy time is swept with two pointers over
 * primitive arrays.
 */
public final class SlotEngine {
  static final long MAX_BUFFER_SECONDS = AppointmentType.MAX_BUFFER.getSeconds();
  static final long DAY = 86_400L;
  static final int SEAT_BITS = 16;
  static final long SEAT_MASK = (1L << SEAT_BITS) - 1;

  /** Team members are numbered in 16 bits when their slots are merged by sorting. */
  static final int MAX_TEAM = 1 << 16;

  /** Probe value meaning "list every slot". */
  private static final long NO_PROBE = Long.MIN_VALUE;

  /** The slot cap of {@link #create()}: a month of 5-minute slots around the clock is 8,640. */
  public static final int DEFAULT_MAX_SLOTS_PER_QUERY = 10_000;

  private final int maxSlots;

  private SlotEngine(int maxSlots) {
    this.maxSlots = maxSlots;
  }

  /**
   * {@return the engine, listing at most {@value #DEFAULT_MAX_SLOTS_PER_QUERY} slots per query} It
   * keeps no state, so one instance serves every thread.
   */
  public static SlotEngine create() {
    return new SlotEngine(DEFAULT_MAX_SLOTS_PER_QUERY);
  }

  /**
   * An engine that refuses queries listing more than {@code maxSlotsPerQuery} slots.
   *
   * @param maxSlotsPerQuery the cap, at least 1
   * @return the engine
   * @throws dev.cita.scheduling.ValidationException if {@code maxSlotsPerQuery} is below 1
   */
  public static SlotEngine create(int maxSlotsPerQuery) {
    return new SlotEngine(Checks.atLeast(maxSlotsPerQuery, 1, "maxSlotsPerQuery"));
  }

  /** {@return the most slots one query may list} See the class comment. */
  public int maxSlotsPerQuery() {
    return maxSlots;
  }

  /**
   * The free slots of one resource whose windows open on the local dates {@code from} to {@code to}
   * (both inclusive, in the resource's zone), sorted by start.
   *
   * @param resource the resource's schedule and busy time
   * @param type the appointment type: duration, buffers, step, notice, horizon, seats and cap
   * @param from the first local date whose windows count
   * @param to the last local date whose windows count; not before {@code from}, at most ten years
   *     on
   * @param now the current instant, against which minimum notice and the horizon are measured
   * @return the free slots, sorted by start; empty if none
   * @throws ValidationException if an argument is missing, the range is invalid or the query would
   *     list more than {@link #maxSlotsPerQuery()} slots
   */
  public List<TimeSlot> slots(
      ResourceAvailability resource,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now) {
    checkQuery(resource, type, from, to, now);
    long[] packed = compute(resource, type, from, to, now, NO_PROBE, null, maxSlots);
    long duration = type.duration().getSeconds();
    List<ResourceId> members = List.of(resource.resource());
    List<TimeSlot> out = new ArrayList<>(packed.length);
    for (long p : packed) {
      long t = p >> SEAT_BITS;
      out.add(
          new TimeSlot(
              Instant.ofEpochSecond(t),
              Instant.ofEpochSecond(t + duration),
              (int) (p & SEAT_MASK),
              members));
    }
    return out;
  }

  /**
   * Round robin: each start at which at least one member is free, listed once with the members free
   * at it (in the order given); remaining seats are the largest among them.
   *
   * @param members the team's members, at least one
   * @param type the appointment type
   * @param from the first local date whose windows count (in each member's zone)
   * @param to the last local date whose windows count
   * @param now the current instant, against which minimum notice and the horizon are measured
   * @return the slots, sorted by start
   * @throws ValidationException if an argument is missing or invalid, or the query lists too many
   *     slots
   */
  public List<TimeSlot> anyOf(
      List<ResourceAvailability> members,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now) {
    return team(members, type, from, to, now, false);
  }

  /**
   * Collective: each start at which every member is free; remaining seats are the smallest among
   * them.
   *
   * @param members the team's members, at least one
   * @param type the appointment type
   * @param from the first local date whose windows count (in each member's zone)
   * @param to the last local date whose windows count
   * @param now the current instant, against which minimum notice and the horizon are measured
   * @return the slots, sorted by start
   * @throws ValidationException if an argument is missing or invalid, or the query lists too many
   *     slots
   */
  public List<TimeSlot> allOf(
      List<ResourceAvailability> members,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now) {
    return team(members, type, from, to, now, true);
  }

  /**
   * Decides whether {@code start} can be booked for {@code type} on this resource, by the same
   * rules as {@link #slots}: the start must be on the grid of a window that opens on its local date
   * or the date before.
   *
   * @param resource the resource's schedule and busy time
   * @param type the appointment type
   * @param start the start to test
   * @param now the current instant, against which minimum notice and the horizon are measured
   * @return empty when the slot is free, else the first reason it is not
   * @throws ValidationException if an argument is missing
   */
  public Optional<SlotRefusal> check(
      ResourceAvailability resource, AppointmentType type, Instant start, Instant now) {
    Checks.notNull(start, "start");
    checkQuery(resource, type, LocalDate.MIN, LocalDate.MIN, now);
    if (start.getNano() != 0) {
      return Optional.of(SlotRefusal.OUTSIDE_HOURS);
    }
    LocalDate date = start.atZone(resource.schedule().zone()).toLocalDate();
    SlotRefusal[] verdict = {SlotRefusal.OUTSIDE_HOURS};
    long[] found =
        compute(
            resource,
            type,
            date.minusDays(1),
            date,
            now,
            start.getEpochSecond(),
            verdict,
            Integer.MAX_VALUE);
    return found.length > 0 ? Optional.empty() : Optional.of(verdict[0]);
  }

  private static void checkQuery(
      ResourceAvailability resource,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now) {
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

  private List<TimeSlot> team(
      List<ResourceAvailability> members,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now,
      boolean all) {
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
      perMember[m] = compute(list.get(m), type, from, to, now, NO_PROBE, null, maxSlots);
    }
    List<TimeSlot> merged = TeamMerge.merge(list, perMember, type.duration().getSeconds(), all);
    if (merged.size() > maxSlots) {
      throw PackedStarts.overCap(maxSlots, merged.get(maxSlots).start().getEpochSecond());
    }
    return merged;
  }

  /**
   * The core computation for one resource: packed {@code start << 16 | remainingSeats} values,
   * sorted and unique. With a probe, only the candidate starting at the probe is evaluated and
   * {@code verdict[0]} receives the reason it was refused. More than {@code limit} slots are
   * refused.
   */
  private static long[] compute(
      ResourceAvailability r,
      AppointmentType type,
      LocalDate from,
      LocalDate to,
      Instant now,
      long probe,
      SlotRefusal @Nullable [] verdict,
      int limit) {
    Schedule schedule = r.schedule();
    ZoneId zone = schedule.zone();
    ZoneRules rules = zone.getRules();
    ZoneTimeline timeline =
        ZoneTimeline.of(zone, from.toEpochDay() * DAY, (to.toEpochDay() + 2) * DAY);
    long duration = type.duration().getSeconds();
    long step = type.step().getSeconds();
    // Rounded up: candidates are whole seconds, so this is exact against whole-second busy time.
    long bufferBefore = ceilSeconds(type.bufferBefore());
    long bufferAfter = ceilSeconds(type.bufferAfter());
    long notBefore = IntervalSet.ceilSeconds(now.plus(type.minimumNotice()));
    long horizonEnd = IntervalSet.ceilSeconds(now.plus(type.horizon()));

    SlotWindows windows =
        SlotWindows.of(schedule, type.serviceHours().orElse(null), timeline, from, to);
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
    // Closures are the tenant's, shared by every member of a team: expanded over a span that
    // depends on the query's dates only, so a recurring one's cached expansion serves them all.
    // They join time off; only a probe keeps them apart too, to name them in its verdict.
    long closedFrom = (from.toEpochDay() - 2) * DAY - 2 * MAX_BUFFER_SECONDS;
    long closedTo = (to.toEpochDay() + 4) * DAY + 2 * MAX_BUFFER_SECONDS;
    IntervalSet.Builder closedBuilder = new IntervalSet.Builder(verdict == null ? 0 : 4);
    for (Closure closure : r.closures()) {
      closure.expandInto(timeOffBuilder, zone, closedFrom, closedTo);
      if (verdict != null) {
        closure.expandInto(closedBuilder, zone, closedFrom, closedTo);
      }
    }
    IntervalSet closed = closedBuilder.build();
    boolean seated = type.seats() > 1;
    boolean capped = type.maxPerDay().isPresent();
    long firstDay = from.toEpochDay() - 1;
    // Each null unless the type has a daily cap, or seats.
    int[] perDay = capped ? new int[(int) (to.toEpochDay() - firstDay) + 3] : null;
    SeatGroups groups = seated ? new SeatGroups() : null;
    for (Appointment a : r.appointments()) {
      if (!AppointmentLifecycle.holdsTime(a.status())) {
        continue;
      }
      long s = IntervalSet.floorSeconds(a.start());
      long e = IntervalSet.ceilSeconds(a.end());
      boolean sameType = (capped || seated) && a.type().equals(type.id());
      if (perDay != null && sameType) {
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
      if (groups != null && sameType) {
        groups.add(s, e, bb, ba);
      } else {
        hardBuilder.add(s, e);
        softBuilder.add(s - bb, e + ba);
      }
    }
    IntervalSet hard =
        IntervalSet.union(hardBuilder.build(), timeOffBuilder.build(), r.externalBusy());
    IntervalSet soft = softBuilder.build();
    if (groups != null) {
      groups.seal();
    }
    int maxPerDay = type.maxPerDay().orElse(Integer.MAX_VALUE);
    int seats = type.seats();

    // The common case (listing slots of a type without seats or a daily cap) has a tight loop.
    boolean plain = probe == NO_PROBE && !seated && !capped;
    PackedStarts out = new PackedStarts(probe == NO_PROBE ? windows.gridSize(step) : 1, limit);
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
        long cursor =
            sweep(
                hard,
                soft,
                hardIdx,
                softIdx,
                first,
                last,
                step,
                duration,
                bufferBefore,
                bufferAfter,
                out);
        hardIdx = (int) (cursor >>> 32);
        softIdx = (int) cursor;
        if (first <= last) {
          pointerTime = pointerTime == Long.MAX_VALUE ? last : Math.max(pointerTime, last);
        }
        continue;
      }
      for (; ; k++) {
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
          // a gap moves forward, so grid times past the end's wall time can still lie inside the
          // window (an end in an overlap takes the earlier offset, so none past it do there).
          // Grid instants grow with k.
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
          refuse(
              verdict,
              closed.overlaps(bufferedStart, t + duration + bufferAfter)
                  ? SlotRefusal.CLOSED
                  : SlotRefusal.BUSY);
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
        if (groups != null) {
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
        if (perDay != null) {
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
  private static long sweep(
      IntervalSet hard,
      IntervalSet soft,
      int hardIdx,
      int softIdx,
      long first,
      long last,
      long step,
      long duration,
      long bufferBefore,
      long bufferAfter,
      PackedStarts out) {
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

  private static void refuse(SlotRefusal @Nullable [] verdict, SlotRefusal reason) {
    if (verdict != null) {
      verdict[0] = reason;
    }
  }
}
