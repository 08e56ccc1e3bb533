package dev.cita.scheduling.calendly.model;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;
import java.util.Optional;

/**
 * A person booked on a scheduled event. Its URI ({@code
 * .../scheduled_events/{event}/invitees/{id}}) is the provider id Cita stores for an appointment. A
 * reschedule cancels the old invitee ({@code rescheduled = true}, {@code newInvitee} set) and
 * creates a new one ({@code oldInvitee} set). In webhook payloads {@code scheduledEvent} carries
 * the event itself; {@code tracking} holds the UTM fields the booking was made with. {@link
 * #toString()} shows no e-mail, name or phone.
 *
 * @param uri the invitee's URI
 * @param email the invitee's e-mail address
 * @param name the invitee's full name
 * @param firstName the first name, when the form asks for it apart
 * @param lastName the last name, when the form asks for it apart
 * @param status {@code active} or {@code canceled}
 * @param timezone the invitee's IANA time zone
 * @param event the URI of the scheduled event
 * @param createdAt when the invitee booked
 * @param updatedAt when the invitee last changed
 * @param rescheduled true when this invitee was cancelled by a reschedule
 * @param oldInvitee the URI of the invitee this one replaced by a reschedule
 * @param newInvitee the URI of the invitee that replaced this one by a reschedule
 * @param cancelUrl the invitee's link to cancel
 * @param rescheduleUrl the invitee's link to reschedule
 * @param textReminderNumber the phone number for text reminders
 * @param cancellation who cancelled and why, when cancelled
 * @param noShow the no-show mark, when one was made
 * @param scheduledEvent the scheduled event itself, in webhook payloads
 * @param tracking the UTM fields the booking was made with
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Invitee(
    String uri,
    String email,
    String name,
    String firstName,
    String lastName,
    String status,
    String timezone,
    String event,
    Instant createdAt,
    Instant updatedAt,
    Boolean rescheduled,
    String oldInvitee,
    String newInvitee,
    String cancelUrl,
    String rescheduleUrl,
    String textReminderNumber,
    Cancellation cancellation,
    NoShow noShow,
    ScheduledEvent scheduledEvent,
    Tracking tracking) {

  /** {@return true unless Calendly says the invitee cancelled} */
  public boolean isActive() {
    return !"canceled".equals(status);
  }

  /** {@return true when this cancellation was the first half of a reschedule} */
  public boolean wasRescheduled() {
    return Boolean.TRUE.equals(rescheduled);
  }

  /** {@return the URI of the invitee this one replaced by a reschedule, or empty} */
  public Optional<String> oldInviteeUri() {
    return Optional.ofNullable(oldInvitee).filter(s -> !s.isBlank());
  }

  /** {@return the URI of the invitee that replaced this one by a reschedule, or empty} */
  public Optional<String> newInviteeUri() {
    return Optional.ofNullable(newInvitee).filter(s -> !s.isBlank());
  }

  /**
   * {@return the scheduled event's URI: the {@code event} field, else the scheduled event's, else
   * the prefix of this invitee's URI; empty when none is known}
   */
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
