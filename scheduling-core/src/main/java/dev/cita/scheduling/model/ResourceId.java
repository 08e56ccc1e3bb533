package dev.cita.scheduling.model;


/** The agent, employee or room whose time is booked. */
public record ResourceId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = Ids.MAX_LENGTH;

  public ResourceId {
    Ids.check(value, "resourceId");
  }

  /** Creates an id; rejects values that break the {@link Ids} rule with a {@code ValidationException}. */
  public static ResourceId of(String value) {
    return new ResourceId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
