package dev.cita.scheduling.assistant;

import java.time.LocalTime;

/**
 * A loose part of the day a customer may ask for ("en la tarde", "morning"), as local start times.
 */
public enum PartOfDay {
  /** Starts before noon. */
  MORNING(LocalTime.MIN, LocalTime.NOON),
  /** Starts from noon to before 19:00. */
  AFTERNOON(LocalTime.NOON, LocalTime.of(19, 0)),
  /** Starts at 19:00 or later. */
  EVENING(LocalTime.of(19, 0), LocalTime.MAX);

  private final LocalTime from;
  private final LocalTime until;

  PartOfDay(LocalTime from, LocalTime until) {
    this.from = from;
    this.until = until;
  }

  /**
   * Whether a slot belongs to this part of the day.
   *
   * @param start the slot's local start time
   * @return true if it starts within this part of the day
   */
  public boolean contains(LocalTime start) {
    return !start.isBefore(from) && (start.isBefore(until) || until.equals(LocalTime.MAX));
  }
}
