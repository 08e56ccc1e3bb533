package dev.cita.scheduling.model;

/** Where an appointment of a type takes place. */
public enum LocationKind {
  /** At an address: the resource's office, a room or the attendee's place. */
  IN_PERSON,
  /** A phone call. */
  PHONE,
  /** A video call; the location usually holds the meeting link. */
  VIDEO,
  /** Anything else, described in the appointment's location. */
  OTHER
}
