package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** Identifies an appointment type (a service such as a 30-minute consultation) within a tenant. */
public record AppointmentTypeId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = 200;

  public AppointmentTypeId {
    Checks.maxLength(Checks.notBlank(value, "appointmentTypeId"), MAX_LENGTH, "appointmentTypeId");
  }

  /** Creates an id; rejects null or blank values. */
  public static AppointmentTypeId of(String value) {
    return new AppointmentTypeId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
