package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** A business, branch or customer that owns its own schedules, appointments and connections. */
public record TenantId(String value) {
  public TenantId {
    Checks.notBlank(value, "tenantId");
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
