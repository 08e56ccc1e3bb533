package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.SeriesId;
import java.time.Instant;
import java.util.List;

/**
 * What booking or moving a series did: the appointments written (or, for a replayed idempotency
 * key, those written the first time, as they are now) and the occurrences that could not be, each
 * with the rule that refused it. All or none: either every occurrence is in {@link #appointments()}
 * or none is, and {@link #refused()} names the ones that stopped it.
 *
 * @param series the series
 * @param appointments the occurrences written, in the rule's order
 * @param refused the occurrences not written, in the rule's order; empty when every one was
 */
public record SeriesResult(SeriesId series, List<Appointment> appointments, List<Refused> refused) {
  /**
   * Checks the components and copies the lists.
   *
   * @param series the series
   * @param appointments the occurrences written
   * @param refused the occurrences not written
   */
  public SeriesResult {
    Checks.notNull(series, "series");
    appointments = List.copyOf(Checks.notNull(appointments, "appointments"));
    refused = List.copyOf(Checks.notNull(refused, "refused"));
  }

  /** {@return true when no occurrence was refused} */
  public boolean isComplete() {
    return refused.isEmpty();
  }

  /**
   * One occurrence that could not be booked or moved.
   *
   * @param occurrence its number in the series, from 1
   * @param start the start asked for it
   * @param reason the rule that refused it; {@link SlotUnavailableException.Reason#OUTSIDE_HOURS}
   *     for a local time that does not exist that day (a DST gap)
   * @param message why, for people and logs
   */
  public record Refused(
      int occurrence, Instant start, SlotUnavailableException.Reason reason, String message) {
    /**
     * Checks the components.
     *
     * @param occurrence its number in the series, from 1
     * @param start the start asked for it
     * @param reason the rule that refused it
     * @param message why
     */
    public Refused {
      Checks.atLeast(occurrence, 1, "occurrence");
      Checks.notNull(start, "start");
      Checks.notNull(reason, "reason");
      Checks.notNull(message, "message");
    }
  }
}
