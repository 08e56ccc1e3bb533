package dev.cita.scheduling.token;

/**
 * Hears when a connection's status changes, for example to ask a business to reconnect its
 * calendar. Methods have no-op defaults; {@link #NONE} hears nothing.
 */
public interface ConnectionListener {
  /** Hears nothing. */
  ConnectionListener NONE = new ConnectionListener() {};

  /**
   * The connection moved from {@code before} to {@code after}.
   *
   * @param connection the connection
   * @param before its state before the change
   * @param after its new state, as saved
   */
  default void statusChanged(
      ConnectionKey connection, ConnectionState before, ConnectionState after) {}
}
