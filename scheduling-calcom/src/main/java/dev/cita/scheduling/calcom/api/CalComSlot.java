package dev.cita.scheduling.calcom.api;

import java.time.OffsetDateTime;
import org.jspecify.annotations.Nullable;

/**
 * One free slot from {@code GET /v2/slots?format=range}: its start and end and, for seated event
 * types, how many seats are booked, left and offered in all (null otherwise).
 *
 * @param start start, with the offset of the requested time zone
 * @param end end
 * @param seatsBooked seats taken, when the event type has seats
 * @param seatsRemaining seats left, when the event type has seats
 * @param seatsTotal seats offered, when the event type has seats
 */
public record CalComSlot(
    OffsetDateTime start,
    OffsetDateTime end,
    @Nullable Integer seatsBooked,
    @Nullable Integer seatsRemaining,
    @Nullable Integer seatsTotal) {
  /** {@return true when Cal.com reported seats for this slot} */
  public boolean isSeated() {
    return seatsTotal != null;
  }
}
