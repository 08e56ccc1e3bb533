package dev.cita.scheduling.calcom.api;

import java.util.List;

/**
 * One page of {@code GET /v2/bookings}: the bookings and whether Cal.com has more after them.
 *
 * @param bookings the bookings of this page
 * @param hasNextPage true when another page follows
 */
public record BookingPage(List<CalComBooking> bookings, boolean hasNextPage) {
  /**
   * Copies the bookings.
   *
   * @param bookings the bookings of this page
   * @param hasNextPage true when another page follows
   */
  public BookingPage {
    bookings = List.copyOf(bookings);
  }
}
