package dev.cita.scheduling;

import java.util.Objects;

/**
 * Input was rejected before anything was written. {@link #field()} names the offending field
 * (for example {@code "attendee.phone"} or {@code "appointmentType.duration"}), so an API layer
 * can point its user at it.
 */
public class ValidationException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ValidationException(String field, String problem) {
    super(Objects.requireNonNull(field, "field") + ": " + problem);
    this.field = field;
  }

  /** The path of the rejected field, such as {@code "booking.start"}. */
  public String field() {
    return field;
  }
}
