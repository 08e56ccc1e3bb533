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
  public MarkAbsentRequest {
    attendees = List.copyOf(attendees);
  }

  /** Marks only these attendees; says nothing about the host. */
  public static MarkAbsentRequest attendees(List<Absence> attendees) {
    return new MarkAbsentRequest(null, attendees);
  }

  /** One attendee's absence. {@link #toString()} hides the e-mail. */
  public record Absence(String email, boolean absent) {
    @Override
    public String toString() {
      return "Absence{email=[redacted], absent=" + absent + "}";
    }
  }
}
