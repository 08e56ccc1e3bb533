package dev.cita.scheduling.calcom.api;

import java.util.List;

/**
 * The body of {@code POST /v2/bookings/{uid}/mark-absent}: whether the host was absent and, per
 * attendee e-mail, whether that attendee was. Sending {@code absent=false} reverts a no-show.
 *
 * @param host whether the host was absent
 * @param attendees attendees by e-mail
 */
public record MarkAbsentRequest(boolean host, List<Absence> attendees) {
  public MarkAbsentRequest {
    attendees = List.copyOf(attendees);
  }

  /** One attendee's absence. {@link #toString()} hides the e-mail. */
  public record Absence(String email, boolean absent) {
    @Override
    public String toString() {
      return "Absence{email=[redacted], absent=" + absent + "}";
    }
  }
}
