package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/** The mark that an invitee did not come ({@code POST /invitee_no_shows}); its URI undoes it. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NoShow(String uri, String invitee, Instant createdAt) {}
