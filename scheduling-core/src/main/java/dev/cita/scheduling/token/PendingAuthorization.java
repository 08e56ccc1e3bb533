package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * An authorization that was started and waits for the provider's callback: who started it, for
 * which provider, the PKCE verifier the token exchange needs, and until when the callback is
 * accepted. {@link #toString()} hides the verifier.
 */
public record PendingAuthorization(TenantId tenant, String provider, String codeVerifier, Instant expiresAt) {
  public PendingAuthorization {
    Checks.notNull(tenant, "pendingAuthorization.tenant");
    Checks.notBlank(provider, "pendingAuthorization.provider");
    Checks.notBlank(codeVerifier, "pendingAuthorization.codeVerifier");
    Checks.notNull(expiresAt, "pendingAuthorization.expiresAt");
  }

  @Override
  public String toString() {
    return "PendingAuthorization{tenant=" + tenant + ", provider=" + provider
        + ", codeVerifier=[redacted], expiresAt=" + expiresAt + "}";
  }
}
