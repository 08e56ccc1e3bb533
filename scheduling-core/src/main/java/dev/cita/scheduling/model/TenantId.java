package dev.cita.scheduling.model;


/** A business, branch or customer that owns its own schedules, appointments and connections. */
public record TenantId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  public TenantId {
    Ids.check(value, "tenantId");
  }

  /** Creates an id; rejects values that break the {@link Ids} rule with a {@code ValidationException}. */
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
