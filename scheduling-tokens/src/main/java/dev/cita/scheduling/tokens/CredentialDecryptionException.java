package dev.cita.scheduling.tokens;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.token.ConnectionKey;
import org.jspecify.annotations.Nullable;

/**
 * A stored credential could not be opened: it was sealed under a key no longer in the keyset, it
 * was tampered with, or it was copied from another connection's row. The message names the
 * connection and never contains a token.
 */
public class CredentialDecryptionException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final transient @Nullable ConnectionKey connection;

  /**
   * @param connection the connection whose row did not open
   * @param reason why, without any content of the row
   */
  public CredentialDecryptionException(ConnectionKey connection, String reason) {
    super(message(connection, reason));
    this.connection = connection;
  }

  /**
   * @param connection the connection whose row did not open
   * @param reason why, without any content of the row
   * @param cause the cryptographic failure
   */
  public CredentialDecryptionException(ConnectionKey connection, String reason, Throwable cause) {
    super(message(connection, reason), cause);
    this.connection = connection;
  }

  private static String message(ConnectionKey connection, String reason) {
    return "credential of connection " + connection + " could not be opened: " + reason;
  }

  /**
   * The connection whose row could not be opened.
   *
   * @return the connection, unless the exception was deserialized (the field is transient)
   */
  public @Nullable ConnectionKey connection() {
    return connection;
  }
}
