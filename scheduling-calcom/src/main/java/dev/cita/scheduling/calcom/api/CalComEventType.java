package dev.cita.scheduling.calcom.api;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An event type from {@code GET /v2/event-types} or {@code GET /v2/event-types/{id}}
 * (cal-api-version 2024-06-14, {@code EventTypeOutput_2024_06_14}), reduced to what mapping and
 * booking it from Cita needs.
 *
 * @param id the event type id
 * @param slug its URL slug
 * @param title its title
 * @param lengthInMinutes its default length
 * @param seatsPerTimeSlot seats per slot, for seated types
 * @param lengthInMinutesOptions the lengths an attendee may choose ("multiple durations"); empty
 *     when not returned
 * @param bookingFields the booking form's fields; empty when not returned
 * @param seats the seat settings ({@code {seatsPerTimeSlot, …}} or {@code {disabled: true}}), when
 *     returned
 */
public record CalComEventType(
    long id,
    String slug,
    String title,
    int lengthInMinutes,
    @Nullable Integer seatsPerTimeSlot,
    List<Integer> lengthInMinutesOptions,
    List<BookingField> bookingFields,
    @Nullable Seats seats) {
  /**
   * Replaces missing lists with empty ones and copies the others.
   *
   * @param id the event type id
   * @param slug its URL slug
   * @param title its title
   * @param lengthInMinutes its default length
   * @param seatsPerTimeSlot seats per slot for seated types, or null
   * @param lengthInMinutesOptions the lengths an attendee may choose; null reads as empty
   * @param bookingFields the booking form's fields; null reads as empty
   * @param seats the seat settings, or null
   */
  public CalComEventType {
    lengthInMinutesOptions =
        lengthInMinutesOptions == null ? List.of() : List.copyOf(lengthInMinutesOptions);
    bookingFields = bookingFields == null ? List.of() : List.copyOf(bookingFields);
  }

  /**
   * An event type as listed, without booking fields, length options or seat settings.
   *
   * @param id the event type id
   * @param slug its URL slug
   * @param title its title
   * @param lengthInMinutes its default length
   * @param seatsPerTimeSlot seats per slot for seated types, or null
   */
  public CalComEventType(
      long id, String slug, String title, int lengthInMinutes, @Nullable Integer seatsPerTimeSlot) {
    this(id, slug, title, lengthInMinutes, seatsPerTimeSlot, List.of(), List.of(), null);
  }

  /**
   * {@return true when a slot holds several attendees (seats), in either of the shapes Cal.com
   * returns}
   */
  public boolean isSeated() {
    return seatsPerTimeSlot != null && seatsPerTimeSlot > 0
        || seats != null
            && !Boolean.TRUE.equals(seats.disabled())
            && seats.seatsPerTimeSlot() != null
            && seats.seatsPerTimeSlot() > 0;
  }

  /** {@return true when attendees may choose among several lengths} */
  public boolean hasMultipleLengths() {
    return lengthInMinutesOptions.size() > 1;
  }

  /**
   * A field of the event type's booking form.
   *
   * @param slug the response key ({@code name}, {@code email}, {@code attendeePhoneNumber}, {@code
   *     notes}, {@code location}, … or a custom slug)
   * @param type the field type ({@code name}, {@code email}, {@code phone}, {@code text}, …)
   * @param required whether the form requires it
   * @param hidden whether the booker hides it
   */
  public record BookingField(
      String slug, String type, @Nullable Boolean required, @Nullable Boolean hidden) {
    /**
     * {@return true when the field is required and shown: the booking is refused without a
     * response}
     */
    public boolean demanded() {
      return Boolean.TRUE.equals(required) && !Boolean.TRUE.equals(hidden);
    }
  }

  /**
   * Seat settings.
   *
   * @param seatsPerTimeSlot attendees per slot, if set
   * @param disabled true when seats are off
   */
  public record Seats(@Nullable Integer seatsPerTimeSlot, @Nullable Boolean disabled) {}
}
