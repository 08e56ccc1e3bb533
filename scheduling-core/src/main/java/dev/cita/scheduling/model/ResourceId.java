package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** The agent, employee or room whose time is booked. */
public record ResourceId(String value) {
  /** The longest id, in characters (the JDBC schema's id columns have this size). */
  public static final int MAX_LENGTH = 200;

  public ResourceId {
    Checks.maxLength(Checks.notBlank(value, "resourceId"), MAX_LENGTH, "resourceId");
  }

  /** Creates an id; rejects null or blank values. */
  public static ResourceId of(String value) {
    return new ResourceId(value);
  }

  @Override
  public String toString() {
    return value;
  }
}
