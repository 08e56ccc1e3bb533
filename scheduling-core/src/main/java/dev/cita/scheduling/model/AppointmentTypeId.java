package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** Identifies an appointment type (a service such as a 30-minute consultation) within a tenant. */
public record AppointmentTypeId(String value) {
  public AppointmentTypeId {
    Checks.notBlank(value, "appointmentTypeId");
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
