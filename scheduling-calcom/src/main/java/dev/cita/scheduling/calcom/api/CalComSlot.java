package dev.cita.scheduling.calcom.api;

import java.time.OffsetDateTime;

/**
 * One free slot from {@code GET /v2/slots?format=range}: its start and end and, for seated event
 * types, how many seats are booked, left and offered in all (null otherwise).
 *
 * @param start start, with the offset of the requested time zone
 * @param end end
 * @param seatsBooked seats taken, or null when the event type has no seats
 * @param seatsRemaining seats left, or null
 * @param seatsTotal seats offered, or null
 */
public record CalComSlot(OffsetDateTime start, OffsetDateTime end, Integer seatsBooked, Integer seatsRemaining,
    Integer seatsTotal) {
  /** {@return true when Cal.com reported seats for this slot} */
  public boolean isSeated() {
    return seatsTotal != null;
  }
}
