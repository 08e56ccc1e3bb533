package dev.cita.scheduling.availability;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.status.AppointmentLifecycle;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.jspecify.annotations.Nullable;

/**
 * One resource's busy time for one query, as the candidate starts it blocks. A start {@code t} is
 * blocked when its buffered span {@code [t - bufferBefore, t + duration + bufferAfter)} meets hard
 * busy time (appointments, time off, closures, external busy time) or its own span {@code [t, t +
 * duration)} meets an appointment's buffered span; in whole seconds both are intervals of starts,
 * so all of it becomes one sorted, merged set that the sweep walks with one pointer. Appointments
 * of a seated type share their slot instead and are kept apart as seat groups; same-type
 * appointments are counted per local date for the daily cap. A team query rebuilds one instance
 * member after member, reusing its arrays.
 */
final class BusyIndex {
  private final IntervalSet.Builder appointments = new IntervalSet.Builder(16);
  private final IntervalSet.Builder timeOff = new IntervalSet.Builder(16);
  private final IntervalSet.Builder merged = new IntervalSet.Builder(16);

  /** The blocked starts, merged. */
  IntervalSet blocked = IntervalSet.empty();

  /** The closures' own time, kept apart only for a probe, to name them in its verdict. */
  IntervalSet closed = IntervalSet.empty();

  /** Appointments of the queried seated type, or null for a type without seats. */
  @Nullable SeatGroups groups;

  /** Same-type appointments per local date from {@link #firstDay}, or null without a daily cap. */
  int @Nullable [] perDay;

  long firstDay;

  /**
   * Rebuilds the index for {@code r}: appointments within {@code [lower, upper)} and time off
   * expanded over it; closures over a span that depends on the dates only (they are the tenant's,
   * so a recurring one's cached expansion serves every member of a team).
   */
  void build(
      ResourceAvailability r,
      SlotPolicy p,
      LocalDate from,
      LocalDate to,
      long lower,
      long upper,
      boolean probing) {
    ZoneId zone = r.schedule().zone();
    firstDay = from.toEpochDay() - 1;
    perDay = p.capped ? new int[(int) (to.toEpochDay() - firstDay) + 3] : null;
    groups = p.seated ? new SeatGroups() : null;
    addAppointments(r, p, zone, lower, upper);
    timeOff.clear();
    for (TimeOff off : r.schedule().timeOff()) {
      off.expandInto(timeOff, zone, lower, upper);
    }
    addClosures(r, zone, from, to, probing);
    // Hard busy time [s, e) blocks the starts [s - duration - bufferAfter + 1, e + bufferBefore).
    blocked =
        IntervalSet.unionWidened(
            appointments.build(),
            timeOff.build(),
            r.externalBusy(),
            p.duration + p.bufferAfter - 1,
            p.bufferBefore,
            merged);
    if (groups != null) {
      groups.seal();
    }
  }

  private void addAppointments(
      ResourceAvailability r, SlotPolicy p, ZoneId zone, long lower, long upper) {
    appointments.clear();
    for (Appointment a : r.appointments()) {
      if (!AppointmentLifecycle.holdsTime(a.status())) {
        continue;
      }
      long s = IntervalSet.floorSeconds(a.start());
      long e = IntervalSet.ceilSeconds(a.end());
      boolean sameType = p.counts(a.type());
      if (sameType) {
        countDay(a.start(), zone);
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
        // [s, e) blocks the candidate's buffered span, [s - bb, e + ba) its own span: together
        // one interval of starts.
        appointments.add(
            s - p.duration - Math.max(p.bufferAfter, bb) + 1, e + Math.max(p.bufferBefore, ba));
      }
    }
  }

  private void countDay(Instant start, ZoneId zone) {
    if (perDay != null) {
      long day = LocalDate.ofInstant(start, zone).toEpochDay() - firstDay;
      if (day >= 0 && day < perDay.length) {
        perDay[(int) day]++;
      }
    }
  }

  /** Closures join time off; only a probe keeps them apart too. */
  private void addClosures(
      ResourceAvailability r, ZoneId zone, LocalDate from, LocalDate to, boolean probing) {
    long closedFrom = (from.toEpochDay() - 2) * SlotEngine.DAY - 2 * SlotEngine.MAX_BUFFER_SECONDS;
    long closedTo = (to.toEpochDay() + 4) * SlotEngine.DAY + 2 * SlotEngine.MAX_BUFFER_SECONDS;
    IntervalSet.Builder closures = probing ? new IntervalSet.Builder(4) : null;
    for (Closure closure : r.closures()) {
      closure.expandInto(timeOff, zone, closedFrom, closedTo);
      if (closures != null) {
        closure.expandInto(closures, zone, closedFrom, closedTo);
      }
    }
    closed = closures == null ? IntervalSet.empty() : closures.build();
  }

  /** {@code instant - d} rounded down to a whole second, without allocating. */
  private static long floorMinus(Instant instant, Duration d) {
    long seconds = instant.getEpochSecond() - d.getSeconds();
    return instant.getNano() >= d.getNano() ? seconds : seconds - 1;
  }

  /** {@code instant + d} rounded up to a whole second, without allocating. */
  private static long ceilPlus(Instant instant, Duration d) {
    long nanos = (long) instant.getNano() + d.getNano();
    long seconds = instant.getEpochSecond() + d.getSeconds() + nanos / 1_000_000_000L;
    return nanos % 1_000_000_000L == 0 ? seconds : seconds + 1;
  }
}
