package dev.cita.scheduling.status;

import static dev.cita.scheduling.model.AppointmentStatus.CANCELLED;
import static dev.cita.scheduling.model.AppointmentStatus.COMPLETED;
import static dev.cita.scheduling.model.AppointmentStatus.CONFIRMED;
import static dev.cita.scheduling.model.AppointmentStatus.NO_SHOW;
import static dev.cita.scheduling.model.AppointmentStatus.REQUESTED;
import static dev.cita.scheduling.model.AppointmentStatus.RESCHEDULED;
import static dev.cita.scheduling.model.AppointmentStatus.SCHEDULED;

import dev.cita.scheduling.InvalidTransitionException;
import dev.cita.scheduling.model.AppointmentStatus;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The appointment lifecycle as one explicit transition table, and the one definition of which
 * statuses hold time.
 *
 * <pre>
 * REQUESTED → SCHEDULED → CONFIRMED → COMPLETED
 * any active status → CANCELLED | RESCHEDULED | NO_SHOW
 * CANCELLED, COMPLETED: final
 * NO_SHOW: final, except that a provider may revert it ({@link #revertNoShow})
 * </pre>
 */
public final class AppointmentLifecycle {
  /** Statuses whose appointments occupy their time: nobody else can book it. */
  public static final Set<AppointmentStatus> TIME_HOLDING =
      Collections.unmodifiableSet(EnumSet.of(REQUESTED, SCHEDULED, CONFIRMED, RESCHEDULED));

  /** {@link #TIME_HOLDING} by ordinal: the slot engine asks once per appointment per query. */
  private static final boolean[] HOLDS_TIME = new boolean[AppointmentStatus.values().length];

  private static final Map<AppointmentStatus, Set<AppointmentStatus>> ALLOWED =
      new EnumMap<>(AppointmentStatus.class);

  static {
    TIME_HOLDING.forEach(s -> HOLDS_TIME[s.ordinal()] = true);
    // A request is approved (SCHEDULED) before it can be confirmed: an attendee's "yes" must not
    // skip the host's approval.
    ALLOWED.put(REQUESTED, EnumSet.of(SCHEDULED, CANCELLED, RESCHEDULED, NO_SHOW));
    ALLOWED.put(SCHEDULED, EnumSet.of(CONFIRMED, COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    ALLOWED.put(CONFIRMED, EnumSet.of(COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    ALLOWED.put(RESCHEDULED, EnumSet.of(CONFIRMED, COMPLETED, CANCELLED, RESCHEDULED, NO_SHOW));
    ALLOWED.put(CANCELLED, EnumSet.noneOf(AppointmentStatus.class));
    ALLOWED.put(COMPLETED, EnumSet.noneOf(AppointmentStatus.class));
    ALLOWED.put(NO_SHOW, EnumSet.noneOf(AppointmentStatus.class));
  }

  private AppointmentLifecycle() {}

  /**
   * True for statuses whose appointments block their time for other bookings.
   *
   * @param status the status
   * @return whether it is in {@link #TIME_HOLDING}
   */
  public static boolean holdsTime(AppointmentStatus status) {
    return HOLDS_TIME[status.ordinal()];
  }

  /**
   * True when the status can no longer change through ordinary moves.
   *
   * @param status the status
   * @return whether no move leaves it ({@code CANCELLED}, {@code COMPLETED}, {@code NO_SHOW})
   */
  public static boolean isFinal(AppointmentStatus status) {
    return allowed(status).isEmpty();
  }

  /**
   * True when the table allows {@code from → to}.
   *
   * @param from the current status
   * @param to the wanted status
   * @return whether the move is allowed
   */
  public static boolean canMove(AppointmentStatus from, AppointmentStatus to) {
    return allowed(from).contains(to);
  }

  private static Set<AppointmentStatus> allowed(AppointmentStatus from) {
    // The table above has a row for every status.
    return Objects.requireNonNull(ALLOWED.get(from), "status");
  }

  /**
   * The statuses reachable from {@code from} in one move.
   *
   * @param from the current status
   * @return the allowed next statuses, unmodifiable; empty for a final status
   */
  public static Set<AppointmentStatus> nextStatuses(AppointmentStatus from) {
    return Collections.unmodifiableSet(ALLOWED.get(from));
  }

  /**
   * Checks {@code from → to} against the table.
   *
   * @param from the current status
   * @param to the wanted status
   * @throws InvalidTransitionException if the table does not allow it
   */
  public static void check(AppointmentStatus from, AppointmentStatus to) {
    if (!canMove(from, to)) {
      throw new InvalidTransitionException(
          from,
          to,
          isFinal(from) ? from + " is final" : "allowed next statuses are " + ALLOWED.get(from));
    }
  }

  /**
   * The documented exception to finality: a provider reports that a no-show was recorded by
   * mistake, and the appointment returns to the status it had before.
   *
   * @param current the appointment's status, which must be {@code NO_SHOW}
   * @param restored the status it returns to
   * @throws InvalidTransitionException unless {@code current} is NO_SHOW and {@code restored} is a
   *     status a no-show can be marked from
   */
  public static void revertNoShow(AppointmentStatus current, AppointmentStatus restored) {
    if (current != NO_SHOW || !canMove(restored, NO_SHOW)) {
      throw new InvalidTransitionException(
          current,
          restored,
          "only a NO_SHOW can be reverted, and only to a status a no-show can follow");
    }
  }
}
