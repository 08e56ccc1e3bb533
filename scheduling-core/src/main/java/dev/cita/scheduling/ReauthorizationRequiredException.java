package dev.cita.scheduling;

import dev.cita.scheduling.token.ConnectionKey;

/**
 * A connection's grant is gone (revoked, expired, or its refresh token was rejected with {@code
 * invalid_grant}): the tenant must connect the provider again. By the time this is thrown the
 * connection's status says so ({@code NEEDS_REAUTHORIZATION}, or {@code REVOKED}).
 */
public class ReauthorizationRequiredException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final transient ConnectionKey connection;

  /**
   * Creates the exception for a connection that must be authorized again.
   *
   * @param connection the tenant's connection to a provider
   * @param reason what the provider said, e.g. {@code "invalid_grant"}; never a token
   */
  public ReauthorizationRequiredException(ConnectionKey connection, String reason) {
    super("connection " + connection + " needs to be authorized again: " + reason);
    this.connection = connection;
  }

  /**
   * {@return the connection that needs a new authorization} Not kept when the exception is
   * serialized.
   */
  public ConnectionKey connection() {
    return connection;
  }
}
