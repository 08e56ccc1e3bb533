package dev.cita.scheduling;

import java.util.Objects;

/**
 * Input was rejected before anything was written. {@link #field()} names the offending field (for
 * example {@code "attendee.phone"} or {@code "appointmentType.duration"}), so an API layer can
 * point its user at it.
 */
public class ValidationException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The path of the rejected field. */
  private final String field;

  /**
   * Creates the exception; the message reads {@code "<field>: <problem>"}.
   *
   * @param field the path of the rejected field, such as {@code "attendee.phone"}; not null
   * @param problem what is wrong with it, e.g. {@code "must not be blank"}
   */
  public ValidationException(String field, String problem) {
    super(Objects.requireNonNull(field, "field") + ": " + problem);
    this.field = field;
  }

  /** {@return the path of the rejected field, such as {@code "booking.start"}} */
  public String field() {
    return field;
  }
}
