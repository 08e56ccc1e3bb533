package dev.cita.scheduling.model;

import dev.cita.scheduling.internal.Checks;

/** The agent, employee or room whose time is booked. */
public record ResourceId(String value) {
  public ResourceId {
    Checks.notBlank(value, "resourceId");
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
