package dev.cita.scheduling.calendly;

import dev.cita.scheduling.model.TenantId;

/**
 * Where {@link CalendlyWebhookSubscriptions} keeps the signing key it generated for each
 * subscription. Keys are secrets: keep them encrypted at rest and never log them. Implementations
 * must be thread-safe; {@link InMemorySigningKeyStore} is one for tests and a single node. With
 * several nodes use {@link CredentialSigningKeyStore} over the shared, encrypted credential store
 * (for example an {@code EncryptedTokenStore} over {@code JdbcStores.tokens()}), so a delivery is
 * verified on whichever node it reaches and the keys survive restarts sealed.
 */
public interface SigningKeyStore extends SigningKeys {
  /**
   * Remembers the signing key of a tenant's subscription.
   *
   * @param tenant the tenant
   * @param subscriptionUri the subscription's URI
   * @param signingKey the key Calendly signs its deliveries with
   */
  void save(TenantId tenant, String subscriptionUri, String signingKey);

  /**
   * Forgets a subscription's key.
   *
   * @param tenant the tenant
   * @param subscriptionUri the subscription's URI
   * @return true if it was known
   */
  boolean delete(TenantId tenant, String subscriptionUri);
}
