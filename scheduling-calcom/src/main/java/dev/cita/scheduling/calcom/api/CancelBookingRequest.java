package dev.cita.scheduling.calcom.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v2/bookings/{uid}/cancel}.
 *
 * @param cancellationReason a reason shown to the attendee, if any
 */
public record CancelBookingRequest(@Nullable String cancellationReason) {}
