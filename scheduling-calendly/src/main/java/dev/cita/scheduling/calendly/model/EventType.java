package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A Calendly event type (a bookable kind of meeting, such as "30 minute consultation").
 *
 * @param uri the event type's URI
 * @param name its name, as shown on the booking page
 * @param active whether it can be booked
 * @param slug its part of the booking link
 * @param schedulingUrl its public booking page
 * @param duration the length in minutes
 * @param kind {@code solo} or {@code group}
 * @param poolingType {@code round_robin} or {@code collective} for team types, else null
 * @param type {@code StandardEventType} or {@code AdhocEventType}
 * @param locations where its meetings happen ({@code kind} such as {@code physical}, {@code
 *     outbound_call}, {@code ask_invitee}); empty when not returned
 * @param customQuestions the questions of its booking form; empty when not returned
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record EventType(
    String uri,
    String name,
    Boolean active,
    String slug,
    String schedulingUrl,
    Integer duration,
    String kind,
    @Nullable String poolingType,
    String type,
    List<Location> locations,
    List<CustomQuestion> customQuestions) {
  /**
   * Replaces missing lists with empty ones and copies the others.
   *
   * @param uri the event type's URI
   * @param name its name
   * @param active whether it can be booked
   * @param slug its part of the booking link
   * @param schedulingUrl its public booking page
   * @param duration the length in minutes
   * @param kind {@code solo} or {@code group}
   * @param poolingType {@code round_robin}, {@code collective} or null
   * @param type {@code StandardEventType} or {@code AdhocEventType}
   * @param locations where its meetings happen; null reads as empty
   * @param customQuestions the questions of its booking form; null reads as empty
   */
  public EventType {
    locations = locations == null ? List.of() : List.copyOf(locations);
    customQuestions = customQuestions == null ? List.of() : List.copyOf(customQuestions);
  }

  /**
   * A question of the booking form.
   *
   * @param name the question as shown (and as answered in {@code questions_and_answers})
   * @param type {@code string}, {@code text}, {@code phone_number}, {@code single_select}, …
   * @param position its place on the form
   * @param enabled whether the form shows it
   * @param required whether a booking needs an answer
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record CustomQuestion(
      String name,
      String type,
      Integer position,
      @Nullable Boolean enabled,
      @Nullable Boolean required) {
    /**
     * {@return true when the question is shown and required: a booking without an answer is
     * refused}
     */
    public boolean demanded() {
      return Boolean.TRUE.equals(required) && !Boolean.FALSE.equals(enabled);
    }
  }
}
