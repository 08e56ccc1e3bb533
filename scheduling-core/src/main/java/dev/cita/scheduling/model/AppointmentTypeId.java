package dev.cita.scheduling.model;

/**
 * Identifies an appointment type (a service such as a 30-minute consultation) within a tenant.
 *
 * @param value the id text, following the {@link Ids} rule
 */
public record AppointmentTypeId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  /**
   * Checks the value against the {@link Ids} rule.
   *
   * @param value the id text
   * @throws dev.cita.scheduling.ValidationException if the value breaks the rule
   */
  public AppointmentTypeId {
    Ids.check(value, "appointmentTypeId");
  }

  /**
   * Creates an id; rejects values that break the {@link Ids} rule with a {@code
   * ValidationException}.
   *
   * @param value the id text
   * @return the id
   */
  public static AppointmentTypeId of(String value) {
    return new AppointmentTypeId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
