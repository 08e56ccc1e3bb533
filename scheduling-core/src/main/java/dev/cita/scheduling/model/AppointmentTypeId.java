package dev.cita.scheduling.model;


/** Identifies an appointment type (a service such as a 30-minute consultation) within a tenant. */
public record AppointmentTypeId(String value) {
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
