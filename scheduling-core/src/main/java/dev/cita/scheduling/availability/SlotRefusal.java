package dev.cita.scheduling.availability;

/** Why the slot engine refuses one start time; see {@link SlotEngine#check}. */
public enum SlotRefusal {
  /** Not a start on the grid of an open window, or the slot would not fit inside the window. */
  OUTSIDE_HOURS("outside the opening hours or off the slot grid"),
  /** Starts sooner than the minimum notice allows. */
  TOO_SOON("sooner than the minimum notice"),
  /** Starts beyond the booking horizon. */
  BEYOND_HORIZON("beyond the booking horizon"),
  /** Overlaps time off, another appointment (with buffers) or external busy time. */
  BUSY("overlaps busy time"),
  /** Overlaps a closure of the tenant or branch (with the type's buffers). */
  CLOSED("the business is closed then"),
  /** Every seat of the slot is taken. */
  FULL("every seat is taken"),
  /** The resource already has the most appointments of this type allowed on that local date. */
  DAILY_LIMIT("the daily limit for this type is reached");

  private final String description;

  SlotRefusal(String description) {
    this.description = description;
  }

  /** {@return a short English explanation, suitable for an exception message} */
  public String description() {
    return description;
  }
}
