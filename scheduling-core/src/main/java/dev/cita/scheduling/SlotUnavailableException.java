package dev.cita.scheduling;

/**
 * The requested time cannot be booked (taken, outside the open hours, too soon, too far ahead,
 * full, or over the daily cap). Nothing was written; offer the caller fresh slots.
 */
public class SlotUnavailableException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  public SlotUnavailableException(String message) {
    super(message);
  }
}
