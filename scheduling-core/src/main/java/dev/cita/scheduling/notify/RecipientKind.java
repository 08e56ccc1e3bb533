package dev.cita.scheduling.notify;

/** Who a message is for. */
public enum RecipientKind {
  /** The attendee the appointment is for. */
  CUSTOMER,
  /** The agent (employee, professional) whose time is booked: the appointment's resource. */
  AGENT,
  /** The business owner or an administrator of the tenant. */
  OWNER
}
