package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * An authorization that was started and waits for the provider's callback: who started it, for
 * which provider, the PKCE verifier the token exchange needs, and until when the callback is
 * accepted. {@link #toString()} hides the verifier.
 *
 * @param tenant the tenant that started it
 * @param provider the provider id
 * @param codeVerifier the PKCE verifier the token exchange needs; a secret
 * @param expiresAt until when the callback is accepted
 */
public record PendingAuthorization(
    TenantId tenant, String provider, String codeVerifier, Instant expiresAt) {
  /**
   * Checks the components.
   *
   * @param tenant the tenant that started it
   * @param provider the provider id; not blank
   * @param codeVerifier the PKCE verifier; not blank
   * @param expiresAt until when the callback is accepted
   * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
   */
  public PendingAuthorization {
    Checks.notNull(tenant, "pendingAuthorization.tenant");
    Checks.notBlank(provider, "pendingAuthorization.provider");
    Checks.notBlank(codeVerifier, "pendingAuthorization.codeVerifier");
    Checks.notNull(expiresAt, "pendingAuthorization.expiresAt");
  }

  @Override
  public String toString() {
    return "PendingAuthorization{tenant="
        + tenant
        + ", provider="
        + provider
        + ", codeVerifier=[redacted], expiresAt="
        + expiresAt
        + "}";
  }
}
