package dev.cita.scheduling.calcom.api;

/**
 * The body of {@code POST /v2/bookings/{uid}/decline} for a booking that awaits the host's approval.
 *
 * @param reason why the host declined, or null
 */
public record DeclineBookingRequest(String reason) {}
