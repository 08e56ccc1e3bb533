package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;

/**
 * One push channel Google keeps for a resource's calendar ({@code events.watch}): the channel id we
 * chose, the resource id Google returned, the secret token Google echoes in every notification,
 * when the channel expires, and the calendar assignment it watches. {@link #toString()} hides the
 * token.
 *
 * @param id the channel id Cita chose
 * @param resourceId the id Google returned for the watched resource, needed to stop the channel
 * @param token the secret Google echoes in {@code X-Goog-Channel-Token}
 * @param expiresAt when Google stops sending notifications on it
 * @param assignment the resource and calendar it watches
 */
public record GoogleChannel(
    String id, String resourceId, String token, Instant expiresAt, CalendarAssignment assignment) {
  /**
   * Checks that no component is null or blank.
   *
   * @param id the channel id Cita chose
   * @param resourceId the id Google returned for the watched resource
   * @param token the secret Google echoes in every notification
   * @param expiresAt when Google stops sending notifications on it
   * @param assignment the resource and calendar it watches
   * @throws dev.cita.scheduling.ValidationException naming the component that is null or blank
   */
  public GoogleChannel {
    Checks.notBlank(id, "channel.id");
    Checks.notBlank(resourceId, "channel.resourceId");
    Checks.notBlank(token, "channel.token");
    Checks.notNull(expiresAt, "channel.expiresAt");
    Checks.notNull(assignment, "channel.assignment");
  }

  @Override
  public String toString() {
    return "GoogleChannel{id="
        + id
        + ", resourceId="
        + resourceId
        + ", token=[redacted], expiresAt="
        + expiresAt
        + ", tenant="
        + assignment.tenant()
        + ", resource="
        + assignment.resource()
        + ", calendar="
        + assignment.calendarId()
        + "}";
  }
}
