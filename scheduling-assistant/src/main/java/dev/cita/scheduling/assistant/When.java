package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Optional;

/**
 * The time constraints a customer stated, each optional, in the business's local time: a date, a
 * time of day, a part of the day. {@link #ANY} states none ("the nearest free time").
 *
 * @param date the local date asked for
 * @param time the local start time asked for
 * @param partOfDay the part of the day asked for
 */
public record When(
    Optional<LocalDate> date, Optional<LocalTime> time, Optional<PartOfDay> partOfDay) {
  /** No constraint at all. */
  public static final When ANY = new When(Optional.empty(), Optional.empty(), Optional.empty());

  /**
   * Checks that no component is null.
   *
   * @param date the local date asked for, or empty
   * @param time the local start time asked for, or empty
   * @param partOfDay the part of the day asked for, or empty
   * @throws dev.cita.scheduling.ValidationException naming the component that is null
   */
  public When {
    Checks.notNull(date, "when.date");
    Checks.notNull(time, "when.time");
    Checks.notNull(partOfDay, "when.partOfDay");
  }

  /**
   * A date and a time.
   *
   * @param date the local date
   * @param time the local start time
   * @return the constraints
   */
  public static When at(LocalDate date, LocalTime time) {
    return new When(Optional.of(date), Optional.of(time), Optional.empty());
  }

  /**
   * A date alone, at any time of it.
   *
   * @param date the local date
   * @return the constraints
   */
  public static When on(LocalDate date) {
    return new When(Optional.of(date), Optional.empty(), Optional.empty());
  }

  /** {@return true when nothing was stated} */
  public boolean isAny() {
    return date.isEmpty() && time.isEmpty() && partOfDay.isEmpty();
  }

  /**
   * True if a slot starting at this local time satisfies the part of the day, when one was stated.
   */
  boolean fitsPartOfDay(LocalTime start) {
    return partOfDay.map(p -> p.contains(start)).orElse(true);
  }
}
