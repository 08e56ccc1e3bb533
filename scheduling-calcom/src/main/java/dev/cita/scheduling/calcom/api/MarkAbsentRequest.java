package dev.cita.scheduling.calcom.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v2/bookings/{uid}/mark-absent}: whether the host was absent and, per
 * attendee e-mail, whether that attendee was. Sending {@code absent=false} reverts a no-show, and
 * {@code host: false} clears a host no-show: leave {@code host} null (not sent) unless it is known.
 *
 * @param host whether the host was absent; null leaves it as Cal.com has it
 * @param attendees attendees by e-mail
 */
public record MarkAbsentRequest(@Nullable Boolean host, List<Absence> attendees) {
  /**
   * Copies the attendees.
   *
   * @param host whether the host was absent, or null to leave it as Cal.com has it
   * @param attendees attendees by e-mail
   */
  public MarkAbsentRequest {
    attendees = List.copyOf(attendees);
  }

  /**
   * Marks only these attendees; says nothing about the host.
   *
   * @param attendees attendees by e-mail
   * @return the request
   */
  public static MarkAbsentRequest attendees(List<Absence> attendees) {
    return new MarkAbsentRequest(null, attendees);
  }

  /**
   * One attendee's absence. {@link #toString()} hides the e-mail.
   *
   * @param email the attendee's e-mail, as in the booking
   * @param absent true to mark the attendee absent, false to revert a no-show
   */
  public record Absence(String email, boolean absent) {
    @Override
    public String toString() {
      return "Absence{email=[redacted], absent=" + absent + "}";
    }
  }
}
