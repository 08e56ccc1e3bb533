package dev.cita.scheduling.model;


/** Identifies an appointment type (a service such as a 30-minute consultation) within a tenant. */
public record AppointmentTypeId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  public AppointmentTypeId {
    Ids.check(value, "appointmentTypeId");
  }

  /** Creates an id; rejects values that break the {@link Ids} rule with a {@code ValidationException}. */
  public static AppointmentTypeId of(String value) {
    return new AppointmentTypeId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
