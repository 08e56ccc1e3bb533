package dev.cita.scheduling.tokens;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link OAuthCredential}s in a {@link TokenStore} sealed with a {@link TokenKeyset}; each
 * ciphertext is bound to its connection (tenant, provider, account), so a row copied to another
 * connection does not open. Immutable and thread-safe; rotate keys with {@link #withKeyset}.
 *
 * <pre>{@code
 * EncryptedTokenStore tokens = new EncryptedTokenStore(new InMemoryTokenStore(), keyset);
 * tokens.save(connection, credential);
 * // later: rotate, re-seal, then drop the old key
 * EncryptedTokenStore rotated = tokens.withKeyset(keyset.rotate());
 * ReencryptionResult result = rotated.reencryptAll();
 * }</pre>
 */
public final class EncryptedTokenStore implements CredentialStore {
  private static final Logger LOG = LoggerFactory.getLogger(EncryptedTokenStore.class);

  private static final int MAX_RESEAL_ATTEMPTS = 5;

  private final TokenStore store;
  private final TokenKeyset keyset;

  /**
   * @param store where the sealed rows live (your table, {@code JdbcTokenStore}, or in memory)
   * @param keyset seals new rows with its primary key and opens rows sealed under any of its keys
   */
  public EncryptedTokenStore(TokenStore store, TokenKeyset keyset) {
    this.store = Checks.notNull(store, "tokenStore");
    this.keyset = Checks.notNull(keyset, "keyset");
  }

  /**
   * A store over the same rows that seals with {@code keyset} (for example after a rotation).
   *
   * @param keyset the keyset the new store seals and opens with
   * @return a new store; this one is unchanged
   */
  public EncryptedTokenStore withKeyset(TokenKeyset keyset) {
    return new EncryptedTokenStore(store, keyset);
  }

  /**
   * The keyset this store seals and opens with.
   *
   * @return the keyset given to the constructor or to {@link #withKeyset}
   */
  public TokenKeyset keyset() {
    return keyset;
  }

  /**
   * Seals and stores a connection's credential, replacing any previous one.
   *
   * @throws ValidationException if the credential's provider is not the connection's
   */
  @Override
  public void save(ConnectionKey connection, OAuthCredential credential) {
    Checks.notNull(connection, "connection");
    Checks.notNull(credential, "credential");
    if (!credential.provider().equals(connection.provider())) {
      throw new ValidationException(
          "credential.provider",
          "is '"
              + credential.provider()
              + "' but connection "
              + connection
              + " is for provider '"
              + connection.provider()
              + "'");
    }
    store.save(connection, seal(connection, credential));
    LOG.debug("Saved credential of connection {} under key {}", connection, keyset.primaryKeyId());
  }

  /**
   * The connection's credential, or empty if none is stored.
   *
   * @throws CredentialDecryptionException if the stored row does not open for this connection with
   *     this keyset (tampered, sealed under a removed key, or copied from another row)
   */
  @Override
  public Optional<OAuthCredential> load(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return store.load(connection).map(row -> open(connection, row));
  }

  /** Removes a connection's credential; true if there was one. */
  @Override
  public boolean delete(ConnectionKey connection) {
    return store.delete(Checks.notNull(connection, "connection"));
  }

  /** The connections of one tenant that have a stored credential. */
  @Override
  public List<ConnectionKey> list(TenantId tenant) {
    return store.list(Checks.notNull(tenant, "tenant"));
  }

  /**
   * Re-seals every stored credential under the keyset's primary key, so older keys can then be
   * removed with {@link TokenKeyset#withoutKey(int)}. A row that does not open is left untouched
   * and reported in the result. Run it once every writer uses this keyset. Each row is replaced
   * with {@link TokenStore#replace} (compare-and-set), so a credential saved while this runs is
   * never overwritten by the older copy read here.
   *
   * @return how many rows were re-sealed, and the connections left as they were
   */
  public ReencryptionResult reencryptAll() {
    int resealed = 0;
    List<ConnectionKey> failed = new ArrayList<>();
    for (ConnectionKey connection : store.listAll()) {
      // Compare-and-set, re-reading when a writer got in between: a credential saved meanwhile
      // (a rotated refresh token) is never replaced by the older one read here.
      for (int attempt = 0; attempt < MAX_RESEAL_ATTEMPTS; attempt++) {
        Optional<byte[]> row = store.load(connection);
        if (row.isEmpty()) {
          break; // deleted since listAll()
        }
        OAuthCredential credential;
        try {
          credential = open(connection, row.get());
        } catch (CredentialDecryptionException e) {
          LOG.warn("Left credential of connection {} as it was: {}", connection, e.getMessage());
          failed.add(connection);
          break;
        }
        if (store.replace(connection, row.get(), seal(connection, credential))) {
          resealed++;
          break;
        }
        if (attempt == MAX_RESEAL_ATTEMPTS - 1) {
          LOG.warn("Credential of connection {} kept changing; left for the next run", connection);
          failed.add(connection);
        }
      }
    }
    LOG.info(
        "Re-sealed {} credentials under key {}; {} could not be opened",
        resealed,
        keyset.primaryKeyId(),
        failed.size());
    return new ReencryptionResult(resealed, failed);
  }

  private byte[] seal(ConnectionKey connection, OAuthCredential credential) {
    byte[] plaintext = CredentialCodec.toJson(credential);
    try {
      return keyset.encrypt(plaintext, CredentialCodec.associatedData(connection));
    } catch (GeneralSecurityException e) {
      throw new SchedulingException("could not seal credential of connection " + connection, e);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
  }

  private OAuthCredential open(ConnectionKey connection, byte[] sealed) {
    byte[] plaintext;
    try {
      plaintext = keyset.decrypt(sealed, CredentialCodec.associatedData(connection));
    } catch (GeneralSecurityException e) {
      throw new CredentialDecryptionException(
          connection,
          "no key of keyset "
              + keyset.keyIds()
              + " opens it for this connection (sealed under a removed key, tampered with, or"
              + " copied from another connection's row)",
          e);
    }
    OAuthCredential credential;
    try {
      credential = CredentialCodec.fromJson(plaintext, connection);
    } finally {
      Arrays.fill(plaintext, (byte) 0);
    }
    if (!credential.provider().equals(connection.provider())) {
      throw new CredentialDecryptionException(
          connection,
          "it holds a credential for provider '"
              + credential.provider()
              + "', not '"
              + connection.provider()
              + "'");
    }
    return credential;
  }

  @Override
  public String toString() {
    return "EncryptedTokenStore{store="
        + store.getClass().getSimpleName()
        + ", keyset="
        + keyset
        + "}";
  }
}
