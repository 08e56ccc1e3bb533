package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A booked meeting ({@code /scheduled_events}): its time, its event type, its hosts and, when
 * cancelled, the cancellation. Its invitees are listed separately.
 *
 * @param uri the event's URI
 * @param name the event type's name, as shown to the invitee
 * @param status {@code active} or {@code canceled}
 * @param startTime the start, UTC
 * @param endTime the end, UTC
 * @param eventType the URI of its event type
 * @param location where it happens
 * @param inviteesCounter its seats
 * @param createdAt when it was booked
 * @param updatedAt when it last changed
 * @param eventMemberships its hosts
 * @param cancellation who cancelled it and why, when it was cancelled
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduledEvent(
    String uri,
    String name,
    String status,
    Instant startTime,
    Instant endTime,
    String eventType,
    Location location,
    InviteesCounter inviteesCounter,
    Instant createdAt,
    Instant updatedAt,
    List<Membership> eventMemberships,
    Cancellation cancellation) {

  /** {@return true unless Calendly says the event was cancelled} */
  public boolean isActive() {
    return !"canceled".equals(status);
  }

  /** {@return the host users' URIs, in Calendly's order} */
  public List<String> hostUris() {
    return eventMemberships == null
        ? List.of()
        : eventMemberships.stream().map(Membership::user).filter(u -> u != null).toList();
  }

  /**
   * One host of a scheduled event.
   *
   * @param user the host user's URI
   * @param userEmail the host's e-mail address
   * @param userName the host's name
   */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Membership(String user, String userEmail, String userName) {
    @Override
    public String toString() {
      return "Membership{" + user + '}';
    }
  }

  /**
   * Seats of a scheduled event.
   *
   * @param total invitees in total, cancelled ones included
   * @param active invitees who did not cancel
   * @param limit the most invitees the event takes
   */
  public record InviteesCounter(Integer total, Integer active, Integer limit) {}
}
