package dev.cita.scheduling.calendly;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link SigningKeyStore} that keeps each subscription's signing key sealed in a {@link
 * CredentialStore} — typically the {@code EncryptedTokenStore} over the application's {@code
 * TokenStore} (for example {@code JdbcTokenStore}) — so keys are encrypted at rest, survive
 * restarts and are shared by every node. Each key is stored as a credential of the pseudo-provider
 * {@value #PROVIDER} whose account is the subscription URI.
 */
public final class CredentialSigningKeyStore implements SigningKeyStore {
  /** The provider name the keys are stored under, apart from the tenant's Calendly connection. */
  public static final String PROVIDER = "calendly-webhook";

  private final CredentialStore store;

  /**
   * A store that seals the keys in {@code store}.
   *
   * @param store the credential store, normally the encrypted one shared by every node
   */
  public CredentialSigningKeyStore(CredentialStore store) {
    this.store = Checks.notNull(store, "credentialStore");
  }

  @Override
  public void save(TenantId tenant, String subscriptionUri, String signingKey) {
    Checks.notBlank(signingKey, "signingKey");
    store.save(
        key(tenant, subscriptionUri),
        OAuthCredential.builder(PROVIDER, subscriptionUri, signingKey).build());
  }

  @Override
  public boolean delete(TenantId tenant, String subscriptionUri) {
    return store.delete(key(tenant, subscriptionUri));
  }

  @Override
  public List<String> signingKeys(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    List<String> keys = new ArrayList<>();
    for (ConnectionKey k : store.list(tenant)) {
      if (k.provider().equals(PROVIDER)) {
        store.load(k).ifPresent(c -> keys.add(c.accessToken()));
      }
    }
    return keys;
  }

  private static ConnectionKey key(TenantId tenant, String subscriptionUri) {
    return ConnectionKey.of(
        Checks.notNull(tenant, "tenant"),
        PROVIDER,
        Checks.notBlank(subscriptionUri, "subscriptionUri"));
  }

  @Override
  public String toString() {
    return "CredentialSigningKeyStore{" + store.getClass().getSimpleName() + '}';
  }
}
