package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.List;

/**
 * A booked meeting ({@code /scheduled_events}): its time, its event type, its hosts and, when
 * cancelled, the cancellation. Its invitees are listed separately.
 *
 * @param status {@code active} or {@code canceled}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ScheduledEvent(String uri, String name, String status, Instant startTime, Instant endTime,
    String eventType, Location location, InviteesCounter inviteesCounter, Instant createdAt,
    Instant updatedAt, List<Membership> eventMemberships, Cancellation cancellation) {

  /** True unless Calendly says the event was cancelled. */
  public boolean isActive() {
    return !"canceled".equals(status);
  }

  /** The host users' URIs, in Calendly's order. */
  public List<String> hostUris() {
    return eventMemberships == null ? List.of()
        : eventMemberships.stream().map(Membership::user).filter(u -> u != null).toList();
  }

  /** One host of a scheduled event. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Membership(String user, String userEmail, String userName) {
    @Override
    public String toString() {
      return "Membership{" + user + '}';
    }
  }

  /** Seats: invitees in total, active, and the limit. */
  public record InviteesCounter(Integer total, Integer active, Integer limit) {}
}
