package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import org.jspecify.annotations.Nullable;

/**
 * Where a meeting happens. Calendly answers with {@code type}; a booking request names the {@code
 * kind} (for example {@code physical}, {@code outbound_call}, {@code zoom_conference}).
 *
 * @param type the kind of location, as Calendly answers it
 * @param kind the kind of location, as a booking request names it
 * @param location the address or phone number, where the kind has one
 * @param joinUrl the link to join an online meeting, once Calendly created it
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Location(
    @Nullable String type,
    @Nullable String kind,
    @Nullable String location,
    @Nullable String joinUrl) {
  /**
   * A location for a booking request.
   *
   * @param kind the kind, such as {@code physical} or {@code outbound_call}
   * @param location the place or number, where the kind needs one; otherwise null
   * @return the location
   */
  public static Location of(String kind, @Nullable String location) {
    return new Location(null, kind, location, null);
  }
}
