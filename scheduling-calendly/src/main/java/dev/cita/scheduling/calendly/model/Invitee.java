package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Optional;

/**
 * A person booked on a scheduled event. Its URI ({@code .../scheduled_events/{event}/invitees/{id}})
 * is the provider id Cita stores for an appointment. A reschedule cancels the old invitee
 * ({@code rescheduled = true}, {@code newInvitee} set) and creates a new one ({@code oldInvitee}
 * set). In webhook payloads {@code scheduledEvent} carries the event itself; {@code tracking} holds
 * the UTM fields the booking was made with. {@link #toString()}
 * shows no e-mail, name or phone.
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Invitee(String uri, String email, String name, String firstName, String lastName, String status,
    String timezone, String event, Instant createdAt, Instant updatedAt, Boolean rescheduled,
    String oldInvitee, String newInvitee, String cancelUrl, String rescheduleUrl, String textReminderNumber,
    Cancellation cancellation, NoShow noShow, ScheduledEvent scheduledEvent, Tracking tracking) {

  /** True unless Calendly says the invitee cancelled. */
  public boolean isActive() {
    return !"canceled".equals(status);
  }

  /** True when this cancellation was the first half of a reschedule. */
  public boolean wasRescheduled() {
    return Boolean.TRUE.equals(rescheduled);
  }

  public Optional<String> oldInviteeUri() {
    return Optional.ofNullable(oldInvitee).filter(s -> !s.isBlank());
  }

  public Optional<String> newInviteeUri() {
    return Optional.ofNullable(newInvitee).filter(s -> !s.isBlank());
  }

  /** The scheduled event's URI: the {@code event} field, else the prefix of this invitee's URI. */
  public Optional<String> eventUri() {
    if (event != null && !event.isBlank()) {
      return Optional.of(event);
    }
    if (scheduledEvent != null && scheduledEvent.uri() != null) {
      return Optional.of(scheduledEvent.uri());
    }
    int at = uri == null ? -1 : uri.indexOf("/invitees/");
    return at < 0 ? Optional.empty() : Optional.of(uri.substring(0, at));
  }

  @Override
  public String toString() {
    return "Invitee{" + uri + ", " + status + (wasRescheduled() ? ", rescheduled" : "") + '}';
  }
}
