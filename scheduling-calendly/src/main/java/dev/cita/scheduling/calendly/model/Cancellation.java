package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * Who cancelled a booking, why and when.
 *
 * @param canceledBy the name of whoever cancelled
 * @param reason the reason they gave, if any
 * @param cancelerType {@code host} or {@code invitee}
 * @param createdAt when it was cancelled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Cancellation(
    String canceledBy, String reason, String cancelerType, Instant createdAt) {
  @Override
  public String toString() {
    return "Cancellation{" + cancelerType + ", at " + createdAt + '}';
  }
}
