package dev.cita.scheduling.availability;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
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
 * window, candidates are plain epoch-second arithmetic. One resource is computed in steps: {@link
 * SlotPolicy} (the type in whole seconds), {@link BusyIndex} (busy time as the candidate starts it
 * blocks, one merged primitive list) and {@link CandidateSweep} (free starts, run by run where only
 * busy time can refuse one); a team's members' slots are then combined by {@link TeamMerge}.
 */
public final class SlotEngine {
  static final long MAX_BUFFER_SECONDS = AppointmentType.MAX_BUFFER.getSeconds();
  static final long DAY = 86_400L;
  static final int SEAT_BITS = 16;
  static final long SEAT_MASK = (1L << SEAT_BITS) - 1;

  /** Team members are numbered in 16 bits when their slots are merged by sorting. */
  static final int MAX_TEAM = 1 << 16;

  private static final long NO_PROBE = CandidateSweep.NO_PROBE;

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
    Scratch scratch = new Scratch();
    compute(resource, new SlotPolicy(type, now), from, to, NO_PROBE, null, scratch, maxSlots);
    int found = scratch.out.finish();
    long duration = type.duration().getSeconds();
    List<ResourceId> members = List.of(resource.resource());
    List<TimeSlot> out = new ArrayList<>(found);
    for (int i = 0; i < found; i++) {
      long p = scratch.out.get(i);
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
    Scratch scratch = new Scratch();
    compute(
        resource,
        new SlotPolicy(type, now),
        date.minusDays(1),
        date,
        start.getEpochSecond(),
        verdict,
        scratch,
        Integer.MAX_VALUE);
    return scratch.out.finish() > 0 ? Optional.empty() : Optional.of(verdict[0]);
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
    SlotPolicy policy = new SlotPolicy(type, now);
    Scratch scratch = new Scratch();
    for (int m = 0; m < n; m++) {
      compute(list.get(m), policy, from, to, NO_PROBE, null, scratch, maxSlots);
      perMember[m] = scratch.out.sortedUnique();
    }
    List<TimeSlot> merged = TeamMerge.merge(list, perMember, type.duration().getSeconds(), all);
    if (merged.size() > maxSlots) {
      throw PackedStarts.overCap(maxSlots, merged.get(maxSlots).start().getEpochSecond());
    }
    return merged;
  }

  /**
   * The core computation for one resource, left in {@code scratch.out}: packed {@code start << 16 |
   * remainingSeats} values, at most {@code limit} distinct starts. With a probe, only the candidate
   * starting at the probe is evaluated and {@code verdict[0]} receives the reason it was refused.
   */
  private static void compute(
      ResourceAvailability r,
      SlotPolicy policy,
      LocalDate from,
      LocalDate to,
      long probe,
      SlotRefusal @Nullable [] verdict,
      Scratch scratch,
      int limit) {
    SlotWindows windows = SlotWindows.of(r.schedule(), policy.service, from, to);
    scratch.out.reset(probe == NO_PROBE ? windows.gridSize(policy.step) : 1, limit);
    if (windows.size == 0) {
      return;
    }
    scratch.busy.build(
        r,
        policy,
        from,
        to,
        windows.minStart - 2 * MAX_BUFFER_SECONDS,
        windows.maxEnd + 2 * MAX_BUFFER_SECONDS,
        verdict != null);
    CandidateSweep sweep =
        new CandidateSweep(policy, scratch.busy, windows, scratch.out, probe, verdict);
    for (int w = 0; w < windows.size; w++) {
      sweep.window(windows, w);
    }
  }

  /** The buffers one query reuses member after member: nothing in them outlives the query. */
  private static final class Scratch {
    final BusyIndex busy = new BusyIndex();
    final PackedStarts out = new PackedStarts(1, 1);
  }
}
