package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The mark that an invitee did not come ({@code POST /invitee_no_shows}); its URI undoes it.
 *
 * @param uri the mark's URI; {@code DELETE} it to undo the mark
 * @param invitee the URI of the invitee marked
 * @param createdAt when the mark was made
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record NoShow(String uri, String invitee, Instant createdAt) {}
