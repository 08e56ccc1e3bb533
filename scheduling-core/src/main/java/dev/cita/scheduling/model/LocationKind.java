package dev.cita.scheduling.model;

/** Where an appointment of a type takes place. */
public enum LocationKind {
  IN_PERSON,
  PHONE,
  VIDEO,
  OTHER
}
