package dev.cita.scheduling.google;

/**
 * Whom Google e-mails about an event Cita writes: the {@code sendUpdates} parameter of insert,
 * patch and delete.
 */
public enum SendUpdates {
  /** Every guest. */
  ALL("all"),
  /** Only guests outside the calendar owner's organization (Google Workspace). */
  EXTERNAL_ONLY("externalOnly"),
  /** Nobody; Cita's own notifications tell the customer. The default. */
  NONE("none");

  private final String wireValue;

  SendUpdates(String wireValue) {
    this.wireValue = wireValue;
  }

  /** {@return the value Google expects in the query string, such as {@code externalOnly}} */
  public String wireValue() {
    return wireValue;
  }
}
