package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * What an adapter needs to send a tenant to a provider's consent page: the one-time {@code state}
 * and the PKCE code challenge for the URL. The code verifier is here for the adapter but must stay
 * on the server. {@link #toString()} hides the state and the verifier.
 *
 * @param tenant the tenant connecting its account
 * @param provider the provider id
 * @param state the one-time {@code state} URL parameter; a secret until it is used
 * @param pkce the PKCE pair; only its challenge goes in the URL
 * @param expiresAt until when the callback is accepted
 */
public record AuthorizationStart(
    TenantId tenant, String provider, String state, Pkce pkce, Instant expiresAt) {
  /**
   * Checks the components.
   *
   * @param tenant the tenant
   * @param provider the provider id; not blank
   * @param state the one-time state; not blank
   * @param pkce the PKCE pair
   * @param expiresAt until when the callback is accepted
   * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
   */
  public AuthorizationStart {
    Checks.notNull(tenant, "authorizationStart.tenant");
    Checks.notBlank(provider, "authorizationStart.provider");
    Checks.notBlank(state, "authorizationStart.state");
    Checks.notNull(pkce, "authorizationStart.pkce");
    Checks.notNull(expiresAt, "authorizationStart.expiresAt");
  }

  /** {@return the {@code code_challenge} URL parameter} */
  public String codeChallenge() {
    return pkce.challenge();
  }

  /** {@return the {@code code_challenge_method} URL parameter: {@code S256}} */
  public String codeChallengeMethod() {
    return pkce.method();
  }

  /** {@return the secret code verifier; server-side only} Never log it or put it in a URL. */
  public String codeVerifier() {
    return pkce.verifier();
  }

  @Override
  public String toString() {
    return "AuthorizationStart{tenant="
        + tenant
        + ", provider="
        + provider
        + ", state=[redacted], codeChallenge="
        + pkce.challenge()
        + ", codeChallengeMethod="
        + pkce.method()
        + ", expiresAt="
        + expiresAt
        + "}";
  }
}
