package dev.cita.scheduling.notify;

/** The kind of address a channel delivers to. */
public enum AddressKind {
  /** A phone number in E.164 form (WhatsApp, SMS). */
  PHONE,
  /** An e-mail address. */
  EMAIL,
  /**
   * A push provider's id of a user, such as the OneSignal external id a staff member's app logged
   * in with.
   */
  PUSH
}
