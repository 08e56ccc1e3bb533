package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.List;
import java.util.Optional;

/**
 * Where sealed credentials live, one row per connection. Implement it for your database (a table
 * with tenant, provider, account and a binary column), or use the in-memory or JDBC one. It only
 * ever sees ciphertext: {@code EncryptedTokenStore} (module {@code scheduling-tokens}) seals
 * credentials before they get here.
 */
public interface TokenStore {
  /**
   * Creates or replaces the sealed credential of a connection.
   *
   * @param connection the tenant's connection to a provider
   * @param sealedCredential the ciphertext; stored as given
   */
  void save(ConnectionKey connection, byte[] sealedCredential);

  /**
   * Reads the sealed credential of a connection.
   *
   * @param connection the tenant's connection to a provider
   * @return the ciphertext, or empty if the connection has no row
   */
  Optional<byte[]> load(ConnectionKey connection);

  /**
   * Replaces a connection's row only if it still holds exactly {@code expected}, atomically (an
   * {@code UPDATE … WHERE sealed = ?}). Key rotation uses it, so that a credential saved meanwhile
   * (say, a freshly rotated refresh token) is never overwritten by an older one.
   *
   * @param connection the tenant's connection to a provider
   * @param expected the ciphertext the caller read
   * @param replacement the new ciphertext
   * @return true if replaced; false if the row changed or is gone
   */
  boolean replace(ConnectionKey connection, byte[] expected, byte[] replacement);

  /**
   * Removes a connection's row.
   *
   * @param connection the tenant's connection to a provider
   * @return true if there was one
   */
  boolean delete(ConnectionKey connection);

  /**
   * {@return the connections of one tenant, in any order}
   *
   * @param tenant the tenant
   */
  List<ConnectionKey> list(TenantId tenant);

  /** {@return every connection of every tenant, for key rotation ({@code reencryptAll})} */
  List<ConnectionKey> listAll();
}
