package dev.cita.scheduling.model;

/**
 * The agent, employee or room whose time is booked.
 *
 * @param value the id text, following the {@link Ids} rule
 */
public record ResourceId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  /**
   * Checks the value against the {@link Ids} rule.
   *
   * @param value the id text
   * @throws dev.cita.scheduling.ValidationException if the value breaks the rule
   */
  public ResourceId {
    Ids.check(value, "resourceId");
  }

  /**
   * Creates an id; rejects values that break the {@link Ids} rule with a {@code
   * ValidationException}.
   *
   * @param value the id text
   * @return the id
   */
  public static ResourceId of(String value) {
    return new ResourceId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
