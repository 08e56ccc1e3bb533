package dev.cita.scheduling.availability;

import static dev.cita.scheduling.model.AppointmentStatus.CONFIRMED;
import static dev.cita.scheduling.model.AppointmentStatus.REQUESTED;
import static dev.cita.scheduling.model.AppointmentStatus.RESCHEDULED;
import static dev.cita.scheduling.model.AppointmentStatus.SCHEDULED;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.InvalidRecurrenceRuleException;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;

/**
 * A deliberately slow, literal reading of docs/DESIGN.md "Slot semantics", written without looking
 * at the engine's arithmetic: every window is converted with java.time, every grid candidate is
 * placed with java.time, and every rule is checked against every busy item with {@link Instant}s.
 * Used as the oracle of {@link SlotEngineProperties}.
 *
 * <p>Readings of the text that the oracle commits to (the DESIGN leaves them implicit):
 *
 * <ul>
 *   <li>A window's start and end in an overlap both take the earlier offset (the business closes
 *       the first time the clock shows the end); a start or end in a gap moves forward by the gap.
 *   <li>Grid times run from the window's local start; a slot is in the window when it lies between
 *       the window's start and end instants. No separate wall-clock bound applies at the end: with
 *       an end in a gap (moved forward), grid times past the end's wall time can still start a slot
 *       inside the window.
 *   <li>Only appointments of the queried type, with exactly the candidate's {@code [t, t +
 *       duration)}, share a seated slot; any other appointment conflicts by the buffer rules.
 *   <li>The daily cap counts time-holding appointments of the queried type whose start falls on the
 *       candidate's local date (the date of its grid time).
 *   <li>A closure is busy time without buffers of its own: a closure of whole days runs from the
 *       first day's start (java.time's {@code atStartOfDay}, read by {@link #earliest}) to the
 *       start of the day after the last; it refuses a candidate as {@code CLOSED}, before {@code
 *       BUSY}.
 *   <li>A type's service hours cut each resource window to the local-time overlap with each of the
 *       service's windows that open the day before, the same day or the day after; the grid runs
 *       from the overlap's local start, and the overlap belongs to the resource window's date.
 * </ul>
 */
public final class NaiveSlotEngine {
  static final Set<AppointmentStatus> HOLDING =
      EnumSet.of(REQUESTED, SCHEDULED, CONFIRMED, RESCHEDULED);

  private NaiveSlotEngine() {}

  record Window(
      LocalDate date,
      LocalDateTime localStart,
      LocalDateTime localEnd,
      Instant start,
      Instant end) {}

  /** One grid time of one window: where it lands and why it is refused (empty: free). */
  record Candidate(
      Window window,
      LocalDateTime local,
      Instant start,
      Instant end,
      boolean fits,
      List<SlotRefusal> refusals,
      int remainingSeats) {
    boolean free() {
      return fits && refusals.isEmpty();
    }
  }

  // ---- windows -------------------------------------------------------------------------------

  static List<LocalTimeRange> hoursOn(Schedule schedule, LocalDate date) {
    return hoursOn(schedule.overrides(), schedule.weeklyHours(), date);
  }

  static List<LocalTimeRange> hoursOn(
      Map<LocalDate, DateOverride> overrides, List<WeeklyHours> weekly, LocalDate date) {
    DateOverride override = overrides.get(date);
    if (override != null) {
      return override.hours();
    }
    for (WeeklyHours hours : weekly) {
      boolean afterStart = hours.validFrom().map(f -> !date.isBefore(f)).orElse(true);
      boolean beforeEnd = hours.validUntil().map(u -> !date.isAfter(u)).orElse(true);
      if (afterStart && beforeEnd) {
        return hours.on(date.getDayOfWeek());
      }
    }
    return List.of();
  }

  static List<Window> windows(Schedule schedule, LocalDate from, LocalDate to) {
    return windows(schedule, null, from, to);
  }

  /** The resource's windows, cut to the service's hours when there are some. */
  static List<Window> windows(
      Schedule schedule, ServiceHours service, LocalDate from, LocalDate to) {
    ZoneId zone = schedule.zone();
    List<Window> out = new ArrayList<>();
    for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
      for (LocalTimeRange r : hoursOn(schedule, d)) {
        LocalDateTime ls = d.atTime(r.start());
        LocalDateTime le = end(d, r);
        if (service == null) {
          addWindow(out, d, ls, le, zone);
          continue;
        }
        for (LocalDate sd = d.minusDays(1); !sd.isAfter(d.plusDays(1)); sd = sd.plusDays(1)) {
          for (LocalTimeRange sr : hoursOn(service.overrides(), service.weeklyHours(), sd)) {
            LocalDateTime ss = sd.atTime(sr.start());
            LocalDateTime se = end(sd, sr);
            addWindow(out, d, ss.isAfter(ls) ? ss : ls, se.isBefore(le) ? se : le, zone);
          }
        }
      }
    }
    return out;
  }

  /** 24:00 (stored as 00:00) and overnight windows end on the next date. */
  private static LocalDateTime end(LocalDate d, LocalTimeRange r) {
    return (r.end().isAfter(r.start()) ? d : d.plusDays(1)).atTime(r.end());
  }

  private static void addWindow(
      List<Window> out, LocalDate d, LocalDateTime ls, LocalDateTime le, ZoneId zone) {
    Instant s = earliest(ls, zone);
    Instant e = earliest(le, zone);
    if (e.isAfter(s)) {
      out.add(new Window(d, ls, le, s, e));
    }
  }

  /** Gap: forward by the gap; overlap: the earlier offset (the earlier instant). */
  static Instant earliest(LocalDateTime local, ZoneId zone) {
    ZoneRules rules = zone.getRules();
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      ZoneOffsetTransition gap = rules.getTransition(local);
      return local.plus(gap.getDuration()).toInstant(gap.getOffsetAfter());
    }
    Instant best = null;
    for (ZoneOffset o : offsets) {
      Instant i = local.toInstant(o);
      best = best == null || i.isBefore(best) ? i : best;
    }
    return best;
  }

  // ---- busy ----------------------------------------------------------------------------------

  /**
   * Every time-off occurrence whose local start is before {@code until}, expanded from its start.
   */
  static List<TimeInterval> timeOff(Schedule schedule, LocalDateTime until) {
    List<TimeInterval> out = new ArrayList<>();
    for (TimeOff off : schedule.timeOff()) {
      expand(off, schedule.zone(), until, out);
    }
    return out;
  }

  /** Every closed interval of the closures, read in {@code zone}, up to {@code until}. */
  static List<TimeInterval> closures(List<Closure> closures, ZoneId zone, LocalDateTime until) {
    List<TimeInterval> out = new ArrayList<>();
    for (Closure c : closures) {
      if (c.time().isPresent()) {
        expand(c.time().get(), zone, until, out);
      } else {
        out.add(
            new TimeInterval(
                earliest(c.firstDay().orElseThrow().atStartOfDay(), zone),
                earliest(c.lastDay().orElseThrow().plusDays(1).atStartOfDay(), zone)));
      }
    }
    return out;
  }

  private static void expand(
      TimeOff off, ZoneId zone, LocalDateTime until, List<TimeInterval> out) {
    if (!off.isRecurring()) {
      out.add(new TimeInterval(off.start().orElseThrow(), off.end().orElseThrow()));
      return;
    }
    LocalDateTime first = off.firstStart().orElseThrow();
    RecurrenceRule rule;
    try {
      rule = new RecurrenceRule(off.rrule().orElseThrow());
    } catch (InvalidRecurrenceRuleException e) {
      throw new AssertionError(e);
    }
    RecurrenceRuleIterator it =
        rule.iterator(
            new DateTime(
                first.getYear(),
                first.getMonthValue() - 1,
                first.getDayOfMonth(),
                first.getHour(),
                first.getMinute(),
                first.getSecond()));
    for (int n = 0; it.hasNext(); n++) {
      if (n == 200_000) {
        throw new AssertionError("the reference cannot expand " + off + " up to " + until);
      }
      DateTime dt = it.nextDateTime();
      LocalDateTime local =
          LocalDateTime.of(
              dt.getYear(),
              dt.getMonth() + 1,
              dt.getDayOfMonth(),
              dt.getHours(),
              dt.getMinutes(),
              dt.getSeconds());
      if (local.isAfter(until)) {
        break;
      }
      Instant s = earliest(local, zone);
      out.add(new TimeInterval(s, s.plus(off.duration().orElseThrow())));
    }
  }

  static boolean overlaps(Instant s1, Instant e1, Instant s2, Instant e2) {
    return s1.isBefore(e2) && s2.isBefore(e1);
  }

  // ---- candidates ----------------------------------------------------------------------------

  static List<Candidate> candidates(
      ResourceAvailability r, AppointmentType type, LocalDate from, LocalDate to, Instant now) {
    Schedule schedule = r.schedule();
    ZoneId zone = schedule.zone();
    ZoneRules rules = zone.getRules();
    List<TimeInterval> off = timeOff(schedule, to.plusDays(4).atStartOfDay());
    List<TimeInterval> closed = closures(r.closures(), zone, to.plusDays(4).atStartOfDay());
    List<TimeInterval> external = r.externalBusy().intervals();
    Instant notBefore = now.plus(type.minimumNotice());
    Instant horizonEnd = now.plus(type.horizon());
    long step = type.step().getSeconds();
    List<Candidate> out = new ArrayList<>();
    for (Window w : windows(schedule, type.serviceHours().orElse(null), from, to)) {
      for (long k = 0; ; k++) {
        if (k > 1_000_000) {
          throw new AssertionError("runaway grid in " + w);
        }
        LocalDateTime local = w.localStart().plusSeconds(k * step);
        if (rules.getValidOffsets(local).isEmpty()) {
          continue; // does not exist today
        }
        Instant t = earliest(local, zone);
        if (!t.isBefore(w.end())) {
          break; // grid instants only grow from here
        }
        Instant end = t.plus(type.duration());
        boolean fits = !t.isBefore(w.start()) && !end.isAfter(w.end());
        List<SlotRefusal> refusals = new ArrayList<>();
        if (t.isBefore(notBefore)) {
          refusals.add(SlotRefusal.TOO_SOON);
        }
        if (!t.isBefore(horizonEnd)) {
          refusals.add(SlotRefusal.BEYOND_HORIZON);
        }
        Instant bufferedStart = t.minus(type.bufferBefore());
        Instant bufferedEnd = end.plus(type.bufferAfter());
        boolean isClosed = false;
        for (TimeInterval i : closed) {
          isClosed |= overlaps(bufferedStart, bufferedEnd, i.start(), i.end());
        }
        if (isClosed) {
          refusals.add(SlotRefusal.CLOSED);
        }
        boolean busy = false;
        for (TimeInterval i : off) {
          busy |= overlaps(bufferedStart, bufferedEnd, i.start(), i.end());
        }
        for (TimeInterval i : external) {
          busy |= overlaps(bufferedStart, bufferedEnd, i.start(), i.end());
        }
        int seatsTaken = 0;
        int sameDay = 0;
        for (Appointment a : r.appointments()) {
          if (!HOLDING.contains(a.status())) {
            continue;
          }
          boolean sameType = a.type().equals(type.id());
          if (sameType && LocalDate.ofInstant(a.start(), zone).equals(local.toLocalDate())) {
            sameDay++;
          }
          if (type.seats() > 1 && sameType && a.start().equals(t) && a.end().equals(end)) {
            seatsTaken++;
            continue;
          }
          busy |= overlaps(bufferedStart, bufferedEnd, a.start(), a.end());
          busy |=
              overlaps(t, end, a.start().minus(a.bufferBefore()), a.end().plus(a.bufferAfter()));
        }
        if (busy) {
          refusals.add(SlotRefusal.BUSY);
        }
        int remaining = type.seats() - seatsTaken;
        if (remaining <= 0) {
          refusals.add(SlotRefusal.FULL);
        }
        if (type.maxPerDay().isPresent() && sameDay >= type.maxPerDay().getAsInt()) {
          refusals.add(SlotRefusal.DAILY_LIMIT);
        }
        out.add(new Candidate(w, local, t, end, fits, List.copyOf(refusals), remaining));
      }
    }
    return out;
  }

  public static List<TimeSlot> slots(
      ResourceAvailability r, AppointmentType type, LocalDate from, LocalDate to, Instant now) {
    Map<Instant, TimeSlot> out = new TreeMap<>();
    for (Candidate c : candidates(r, type, from, to, now)) {
      if (c.free()) {
        out.putIfAbsent(
            c.start(), new TimeSlot(c.start(), c.end(), c.remainingSeats(), List.of(r.resource())));
      }
    }
    return new ArrayList<>(out.values());
  }

  /** True when {@code local} is a whole number of steps (wall-clock) after the window's start. */
  static boolean onGrid(Window w, LocalDateTime local, long stepSeconds) {
    return !local.isBefore(w.localStart())
        && ChronoUnit.SECONDS.between(w.localStart(), local) % stepSeconds == 0;
  }
}
