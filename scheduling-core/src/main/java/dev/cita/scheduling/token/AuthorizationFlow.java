package dev.cita.scheduling.token;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The provider-neutral half of an OAuth authorization-code flow with PKCE, shared by the adapters:
 * {@link #begin} issues a one-time {@code state} bound to tenant, provider and expiry; {@link
 * #complete} accepts it once. The adapter builds the provider URLs and exchanges the code.
 *
 * <pre>{@code
 * AuthorizationFlow flow = AuthorizationFlow.create(stateStore, clock);
 * AuthorizationStart start = flow.begin(tenant, "google");   // redirect with start.state(), start.codeChallenge()
 * PendingAuthorization pending = flow.complete(stateFromCallback, "google");
 * // exchange the code with pending.codeVerifier(), then CredentialManager.connect(...)
 * }</pre>
 */
public final class AuthorizationFlow {
  /** How long a started authorization may wait for its callback unless configured otherwise. */
  public static final Duration DEFAULT_STATE_TTL = Duration.ofMinutes(10);

  private static final int STATE_BYTES = 32;

  private final AuthorizationStateStore store;
  private final Clock clock;
  private final Duration stateTtl;

  private AuthorizationFlow(AuthorizationStateStore store, Clock clock, Duration stateTtl) {
    this.store = Checks.notNull(store, "authorizationStateStore");
    this.clock = Checks.notNull(clock, "clock");
    this.stateTtl = Checks.positive(stateTtl, "stateTtl");
  }

  /**
   * A flow whose states expire after {@link #DEFAULT_STATE_TTL}.
   *
   * @param store where started authorizations wait for their callback; shared by every node
   * @param clock the clock expiry is judged by
   * @return the flow
   */
  public static AuthorizationFlow create(AuthorizationStateStore store, Clock clock) {
    return new AuthorizationFlow(store, clock, DEFAULT_STATE_TTL);
  }

  /**
   * A flow whose states expire after {@code stateTtl}.
   *
   * @param store where started authorizations wait for their callback; shared by every node
   * @param clock the clock expiry is judged by
   * @param stateTtl how long a started authorization may wait for its callback; positive
   * @return the flow
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or the TTL is not
   *     positive
   */
  public static AuthorizationFlow create(
      AuthorizationStateStore store, Clock clock, Duration stateTtl) {
    return new AuthorizationFlow(store, clock, stateTtl);
  }

  /**
   * Starts an authorization: a new 256-bit state and PKCE pair, remembered until they expire.
   *
   * @param tenant the tenant connecting its account
   * @param provider the provider id, e.g. {@code "google"}
   * @return the state and PKCE challenge to put in the provider's authorization URL
   */
  public AuthorizationStart begin(TenantId tenant, String provider) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(provider, "provider");
    String state = Secrets.randomBase64Url(STATE_BYTES);
    Pkce pkce = Pkce.generate();
    Instant expiresAt = clock.instant().plus(stateTtl);
    store.put(state, new PendingAuthorization(tenant, provider, pkce.verifier(), expiresAt));
    return new AuthorizationStart(tenant, provider, state, pkce, expiresAt);
  }

  /**
   * Accepts a callback's {@code state} once and returns what was started with it. The state is used
   * up even when it is refused for being expired or for another provider.
   *
   * @param state the {@code state} parameter of the callback
   * @param provider the provider whose callback this is
   * @return the tenant, provider and code verifier the authorization was started with
   * @throws AuthorizationStateException if the state is missing, unknown, already used, expired, or
   *     was issued for another provider
   */
  public PendingAuthorization complete(@Nullable String state, String provider) {
    Checks.notBlank(provider, "provider");
    if (state == null || state.isBlank()) {
      throw new AuthorizationStateException("is missing");
    }
    PendingAuthorization pending =
        store
            .consume(state)
            .orElseThrow(() -> new AuthorizationStateException("is unknown or was already used"));
    if (!clock.instant().isBefore(pending.expiresAt())) {
      throw new AuthorizationStateException(
          "has expired (it was valid until " + pending.expiresAt() + ")");
    }
    if (!pending.provider().equals(provider)) {
      throw new AuthorizationStateException("was issued for another provider");
    }
    return pending;
  }
}
