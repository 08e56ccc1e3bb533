package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * Where a meeting happens. Calendly answers with {@code type}; a booking request names the
 * {@code kind} (for example {@code physical}, {@code outbound_call}, {@code zoom_conference}).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Location(@Nullable String type, @Nullable String kind, @Nullable String location,
    @Nullable String joinUrl) {
  /** A location for a booking request: its kind and, where the kind needs one, the place or number. */
  public static Location of(String kind, @Nullable String location) {
    return new Location(null, kind, location, null);
  }
}
