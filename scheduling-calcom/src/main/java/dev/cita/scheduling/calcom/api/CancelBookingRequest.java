package dev.cita.scheduling.calcom.api;

/**
 * The body of {@code POST /v2/bookings/{uid}/cancel}.
 *
 * @param cancellationReason a reason shown to the attendee, or null
 */
public record CancelBookingRequest(String cancellationReason) {}
