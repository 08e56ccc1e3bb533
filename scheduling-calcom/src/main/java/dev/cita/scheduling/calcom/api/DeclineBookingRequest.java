package dev.cita.scheduling.calcom.api;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v2/bookings/{uid}/decline} for a booking that awaits the host's
 * approval.
 *
 * @param reason why the host declined, if given
 */
public record DeclineBookingRequest(@Nullable String reason) {}
