package dev.cita.scheduling;

import dev.cita.scheduling.token.ConnectionKey;

/**
 * A connection's grant is gone (revoked, expired, or its refresh token was rejected with
 * {@code invalid_grant}): the tenant must connect the provider again. By the time this is thrown
 * the connection's status says so ({@code NEEDS_REAUTHORIZATION}, or {@code REVOKED}).
 */
public class ReauthorizationRequiredException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final transient ConnectionKey connection;

  public ReauthorizationRequiredException(ConnectionKey connection, String reason) {
    super("connection " + connection + " needs to be authorized again: " + reason);
    this.connection = connection;
  }

  /** The connection that needs a new authorization. */
  public ConnectionKey connection() {
    return connection;
  }
}
