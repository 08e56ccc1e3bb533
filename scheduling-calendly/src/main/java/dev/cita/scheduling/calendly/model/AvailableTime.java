package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * One free start time of an event type ({@code GET /event_type_available_times}).
 *
 * @param status {@code available} for a time that can be booked
 * @param inviteesRemaining free seats at this time (1 for one-on-one types)
 * @param startTime the start time, UTC
 * @param schedulingUrl a link that opens Calendly's booking page at this time
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record AvailableTime(
    String status, Integer inviteesRemaining, Instant startTime, String schedulingUrl) {}
