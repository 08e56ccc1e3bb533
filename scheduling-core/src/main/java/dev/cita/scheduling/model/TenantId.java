package dev.cita.scheduling.model;

/**
 * A business, branch or customer that owns its own schedules, appointments and connections.
 *
 * @param value the id text, following the {@link Ids} rule
 */
public record TenantId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  /**
   * Checks the value against the {@link Ids} rule.
   *
   * @param value the id text
   * @throws dev.cita.scheduling.ValidationException if the value breaks the rule
   */
  public TenantId {
    Ids.check(value, "tenantId");
  }

  /**
   * Creates an id; rejects values that break the {@link Ids} rule with a {@code
   * ValidationException}.
   *
   * @param value the id text
   * @return the id
   */
  public static TenantId of(String value) {
    return new TenantId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
