package dev.cita.scheduling.token;

import dev.cita.scheduling.model.TenantId;
import java.util.List;
import java.util.Optional;

/**
 * Where {@link CredentialManager} keeps credentials; {@code EncryptedTokenStore} (module
 * {@code scheduling-tokens}) implements it over a {@link dev.cita.scheduling.spi.TokenStore}.
 * Implementations must be thread-safe.
 */
public interface CredentialStore {
  /** Creates or replaces the credential of a connection. */
  void save(ConnectionKey connection, OAuthCredential credential);

  Optional<OAuthCredential> load(ConnectionKey connection);

  /** Removes a connection's credential; true if there was one. */
  boolean delete(ConnectionKey connection);

  /** The connections of one tenant, in any order. */
  List<ConnectionKey> list(TenantId tenant);
}
