package dev.cita.scheduling.model;

import java.util.UUID;

/**
 * Identifies a series of recurring appointments (one booking of an RRULE, see {@code
 * BookingService.series()}): every occurrence carries it in {@link Appointment#seriesId()}.
 *
 * @param value the id text, following the {@link Ids} rule
 */
public record SeriesId(String value) {
  /**
   * Checks the value against the {@link Ids} rule.
   *
   * @param value the id text
   * @throws dev.cita.scheduling.ValidationException if the value breaks the rule
   */
  public SeriesId {
    Ids.check(value, "seriesId");
  }

  /**
   * Creates an id from its text, for example one read back from a store.
   *
   * @param value the id text
   * @return the id
   * @throws dev.cita.scheduling.ValidationException if the value breaks the {@link Ids} rule
   */
  public static SeriesId of(String value) {
    return new SeriesId(value);
  }

  /** {@return a new random id (a UUID)} */
  public static SeriesId random() {
    return new SeriesId(UUID.randomUUID().toString());
  }

  @Override
  public String toString() {
    return value;
  }
}
