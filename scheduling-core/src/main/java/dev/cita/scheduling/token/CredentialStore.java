package dev.cita.scheduling.token;

import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link CredentialManager} keeps credentials; {@code EncryptedTokenStore} (module {@code
 * scheduling-tokens}) implements it over a {@link dev.cita.scheduling.spi.TokenStore}.
 * Implementations must be thread-safe.
 */
public interface CredentialStore {
  /**
   * Creates or replaces the credential of a connection.
   *
   * @param connection the tenant's connection
   * @param credential the tokens
   */
  void save(ConnectionKey connection, OAuthCredential credential);

  /**
   * Reads the credential of a connection.
   *
   * @param connection the tenant's connection
   * @return the credential, or empty if none is stored
   */
  Optional<OAuthCredential> load(ConnectionKey connection);

  /**
   * Removes a connection's credential.
   *
   * @param connection the tenant's connection
   * @return true if there was one
   */
  boolean delete(ConnectionKey connection);

  /**
   * {@return the connections of one tenant, in any order}
   *
   * @param tenant the tenant
   */
  List<ConnectionKey> list(TenantId tenant);
}
