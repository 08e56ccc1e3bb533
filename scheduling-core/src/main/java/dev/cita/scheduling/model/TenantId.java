package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** A business, branch or customer that owns its own schedules, appointments and connections. */
public record TenantId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = 200;

  public TenantId {
    Checks.maxLength(Checks.notBlank(value, "tenantId"), MAX_LENGTH, "tenantId");
  }

  /** Creates an id; rejects null or blank values. */
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
