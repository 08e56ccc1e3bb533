package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.PushChannel;
import java.time.Instant;

/**
 * One push channel Google keeps for a resource's calendar ({@code events.watch}): the channel id we
 * chose, the resource id Google returned, the secret token Google echoes in every notification,
 * when the channel expires, and the calendar assignment it watches. {@link #toString()} hides the
 * token. The Google view of the core's provider-neutral {@link PushChannel}, which stores keep.
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
    Checks.notNull(assignment, "channel.assignment");
    new PushChannel(id, resourceId, token, expiresAt, assignment.toResourceCalendar()); // checks
  }

  /** {@return this channel as the core's provider-neutral value} */
  public PushChannel toPushChannel() {
    return new PushChannel(id, resourceId, token, expiresAt, assignment.toResourceCalendar());
  }

  /**
   * The Google channel of a neutral one.
   *
   * @param channel a push channel on a Google calendar
   * @return the Google channel
   * @throws dev.cita.scheduling.ValidationException if {@code channel} is missing or not on a
   *     Google calendar
   */
  public static GoogleChannel of(PushChannel channel) {
    Checks.notNull(channel, "channel");
    return new GoogleChannel(
        channel.id(),
        channel.providerResourceId(),
        channel.verificationToken(),
        channel.expiresAt(),
        CalendarAssignment.of(channel.calendar()));
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
