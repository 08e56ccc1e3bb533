package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A one-off booking link ({@code POST /scheduling_links}) that can be used for a single booking.
 *
 * @param bookingUrl the link to send to the invitee
 * @param owner the URI of the event type it books
 * @param ownerType {@code EventType}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SchedulingLink(String bookingUrl, String owner, String ownerType) {}
