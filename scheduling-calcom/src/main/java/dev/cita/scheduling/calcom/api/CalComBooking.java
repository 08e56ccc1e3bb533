package dev.cita.scheduling.calcom.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A booking as Cal.com returns it (BookingOutput, cal-api-version 2024-08-13), with the fields Cita
 * reads; the rest are ignored. {@link #toString()} shows no attendee data.
 *
 * @param id numeric booking id
 * @param uid the booking uid, Cita's external reference
 * @param status {@code accepted}, {@code pending}, {@code cancelled} or {@code rejected}
 * @param start start
 * @param end end
 * @param eventTypeId the event type, if returned
 * @param metadata string metadata (Cita's appointment id lives here); empty when not returned
 * @param attendees the attendees; empty when not returned
 * @param rescheduledToUid the new booking's uid, when this one was rescheduled
 * @param rescheduledFromUid the previous booking's uid, when this one came from a reschedule
 * @param absentHost whether the host was marked absent, if returned
 */
public record CalComBooking(
    Long id,
    String uid,
    String status,
    Instant start,
    Instant end,
    @Nullable Long eventTypeId,
    Map<String, String> metadata,
    List<CalComAttendee> attendees,
    @Nullable String rescheduledToUid,
    @Nullable String rescheduledFromUid,
    @Nullable Boolean absentHost) {
  /**
   * Replaces missing metadata and attendees with empty ones and copies the others.
   *
   * @param id numeric booking id
   * @param uid the booking uid
   * @param status the booking's status
   * @param start start
   * @param end end
   * @param eventTypeId the event type, or null
   * @param metadata string metadata; null reads as empty
   * @param attendees the attendees; null reads as empty
   * @param rescheduledToUid the new booking's uid when this one was rescheduled, or null
   * @param rescheduledFromUid the previous booking's uid when this one came from a reschedule, or
   *     null
   * @param absentHost whether the host was marked absent, or null
   */
  public CalComBooking {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    attendees = attendees == null ? List.of() : List.copyOf(attendees);
  }

  /**
   * A metadata value.
   *
   * @param key the metadata key
   * @return its value, or empty when the booking has none under that key
   */
  public Optional<String> metadataValue(String key) {
    return Optional.ofNullable(metadata.get(key));
  }

  /**
   * {@return true for the statuses that no longer hold time: {@code cancelled} and {@code
   * rejected}}
   */
  public boolean isCancelled() {
    return "cancelled".equalsIgnoreCase(status) || "rejected".equalsIgnoreCase(status);
  }

  /** {@return the uid of the booking this one was moved to, or empty if it was not rescheduled} */
  public Optional<String> movedTo() {
    return Optional.ofNullable(rescheduledToUid).filter(s -> !s.isBlank());
  }

  @Override
  public String toString() {
    return "CalComBooking{"
        + uid
        + " "
        + status
        + " "
        + start
        + ".."
        + end
        + " eventType="
        + eventTypeId
        + (rescheduledToUid == null ? "" : " movedTo=" + rescheduledToUid)
        + "}";
  }
}
