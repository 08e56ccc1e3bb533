package dev.cita.scheduling.calcom.api;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /v2/bookings} (cal-api-version 2024-08-13). Cal.com has no idempotency
 * key, so Cita puts its appointment id in {@code metadata} and looks for it before creating again.
 *
 * @param start start in UTC
 * @param eventTypeId the Cal.com event type
 * @param attendee who booked
 * @param metadata at most 50 string keys (40 chars) and values (500 chars)
 * @param lengthInMinutes the length, for event types with several allowed lengths
 * @param guests extra guest e-mails, if any
 * @param bookingFieldsResponses answers to the event type's booking fields by slug, if any
 * @param location the location, for event types that ask for one
 */
public record CreateBookingRequest(
    Instant start,
    long eventTypeId,
    CalComAttendee attendee,
    Map<String, String> metadata,
    @Nullable Integer lengthInMinutes,
    @Nullable List<String> guests,
    @Nullable Map<String, String> bookingFieldsResponses,
    @Nullable String location) {
  /**
   * Copies the maps and the list; missing metadata becomes an empty map, and empty responses become
   * null so they are not sent.
   *
   * @param start start in UTC
   * @param eventTypeId the Cal.com event type
   * @param attendee who booked
   * @param metadata at most 50 string keys (40 chars) and values (500 chars), or null
   * @param lengthInMinutes the length, for event types with several allowed lengths, or null
   * @param guests extra guest e-mails, or null
   * @param bookingFieldsResponses answers to the event type's booking fields by slug, or null
   * @param location the location, for event types that ask for one, or null
   */
  public CreateBookingRequest {
    metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    guests = guests == null ? null : List.copyOf(guests);
    bookingFieldsResponses =
        bookingFieldsResponses == null || bookingFieldsResponses.isEmpty()
            ? null
            : Map.copyOf(bookingFieldsResponses);
  }

  /**
   * A request without booking-field responses or location.
   *
   * @param start start in UTC
   * @param eventTypeId the Cal.com event type
   * @param attendee who booked
   * @param metadata at most 50 string keys (40 chars) and values (500 chars), or null
   * @param lengthInMinutes the length, for event types with several allowed lengths, or null
   * @param guests extra guest e-mails, or null
   */
  public CreateBookingRequest(
      Instant start,
      long eventTypeId,
      CalComAttendee attendee,
      Map<String, String> metadata,
      @Nullable Integer lengthInMinutes,
      @Nullable List<String> guests) {
    this(start, eventTypeId, attendee, metadata, lengthInMinutes, guests, null, null);
  }

  @Override
  public String toString() {
    return "CreateBookingRequest{start="
        + start
        + ", eventTypeId="
        + eventTypeId
        + ", metadataKeys="
        + new java.util.TreeSet<>(metadata.keySet())
        + (bookingFieldsResponses == null
            ? ""
            : ", responseKeys=" + new java.util.TreeSet<>(bookingFieldsResponses.keySet()))
        + "}";
  }
}
