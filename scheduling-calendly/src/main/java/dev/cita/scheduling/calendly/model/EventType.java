package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * A Calendly event type (a bookable kind of meeting, such as "30 minute consultation").
 *
 * @param duration the length in minutes
 * @param kind {@code solo} or {@code group}
 * @param poolingType {@code round_robin} or {@code collective} for team types, else null
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventType(String uri, String name, Boolean active, String slug, String schedulingUrl,
    Integer duration, String kind, String poolingType, String type) {}
