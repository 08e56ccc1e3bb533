package dev.cita.scheduling.calcom.api;

import org.jspecify.annotations.Nullable;

/**
 * An attendee of a Cal.com booking, as sent when creating one and as read back. {@code email} or
 * {@code phoneNumber} identifies the person; {@code absent} is only present in responses. {@link
 * #toString()} masks the contact data.
 *
 * @param name display name
 * @param email e-mail, if known
 * @param phoneNumber E.164 phone, if known
 * @param timeZone IANA zone the attendee sees the booking in
 * @param language Cal.com language code such as {@code es} or {@code en}, if set
 * @param absent whether the attendee was marked absent (responses only)
 */
public record CalComAttendee(
    String name,
    @Nullable String email,
    @Nullable String phoneNumber,
    String timeZone,
    @Nullable String language,
    @Nullable Boolean absent) {

  /**
   * An attendee for a create request.
   *
   * @param name display name
   * @param email e-mail, or null
   * @param phoneNumber E.164 phone, or null
   * @param timeZone IANA zone the attendee sees the booking in
   * @param language Cal.com language code such as {@code es} or {@code en}, or null
   * @return the attendee, with {@code absent} not set
   */
  public static CalComAttendee of(
      String name,
      @Nullable String email,
      @Nullable String phoneNumber,
      String timeZone,
      @Nullable String language) {
    return new CalComAttendee(name, email, phoneNumber, timeZone, language, null);
  }

  @Override
  public String toString() {
    return "CalComAttendee{"
        + (email == null ? "" : "email=[redacted] ")
        + (phoneNumber == null ? "" : "phone=[redacted] ")
        + "timeZone="
        + timeZone
        + "}";
  }
}
