package dev.cita.scheduling.calcom.api;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v2/bookings/{uid}/reschedule}: the new start and, optionally, why.
 * Cal.com answers with a new booking (a new uid) and marks the old one rescheduled.
 *
 * @param start the new start in UTC
 * @param reschedulingReason a reason shown to the attendee, if any
 */
public record RescheduleBookingRequest(Instant start, @Nullable String reschedulingReason) {}
