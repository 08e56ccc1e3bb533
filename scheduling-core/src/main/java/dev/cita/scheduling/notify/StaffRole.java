package dev.cita.scheduling.notify;

/**
 * What a {@link StaffMember} does in the tenant, which decides the appointments they hear about.
 */
public enum StaffRole {
  /** The business owner: hears about every appointment of the tenant, for the kinds chosen. */
  OWNER,
  /** An administrator: hears about every appointment of the tenant, for the kinds chosen. */
  ADMIN,
  /** An agent: hears only about appointments of the resources they are assigned to. */
  AGENT
}
