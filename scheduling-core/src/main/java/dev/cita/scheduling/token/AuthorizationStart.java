package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * What an adapter needs to send a tenant to a provider's consent page: the one-time
 * {@code state} and the PKCE code challenge for the URL. The code verifier is here for the adapter
 * but must stay on the server. {@link #toString()} hides the state and the verifier.
 */
public record AuthorizationStart(TenantId tenant, String provider, String state, Pkce pkce, Instant expiresAt) {
  public AuthorizationStart {
    Checks.notNull(tenant, "authorizationStart.tenant");
    Checks.notBlank(provider, "authorizationStart.provider");
    Checks.notBlank(state, "authorizationStart.state");
    Checks.notNull(pkce, "authorizationStart.pkce");
    Checks.notNull(expiresAt, "authorizationStart.expiresAt");
  }

  /** The {@code code_challenge} URL parameter. */
  public String codeChallenge() {
    return pkce.challenge();
  }

  /** The {@code code_challenge_method} URL parameter: {@code S256}. */
  public String codeChallengeMethod() {
    return pkce.method();
  }

  /** The secret code verifier; server-side only. Never log it or put it in a URL. */
  public String codeVerifier() {
    return pkce.verifier();
  }

  @Override
  public String toString() {
    return "AuthorizationStart{tenant=" + tenant + ", provider=" + provider + ", state=[redacted], codeChallenge="
        + pkce.challenge() + ", codeChallengeMethod=" + pkce.method() + ", expiresAt=" + expiresAt + "}";
  }
}
