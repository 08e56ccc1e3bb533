package dev.cita.scheduling.calendly;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calendly.model.CalendlyUser;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.AuthorizationStart;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Connects tenants' Calendly accounts and hands out their tokens. Two ways to connect: OAuth
 * (authorization code with PKCE through {@link AuthorizationFlow}, exchanged by an {@link
 * OAuthTokenClient} with Basic client authentication), or a personal access token. Both end up in
 * the same {@link CredentialStore} (normally an {@code EncryptedTokenStore}) under the key (tenant,
 * {@code "calendly"}, user URI); a tenant has one Calendly account, so connecting again replaces
 * the previous one.
 *
 * <p>Tokens are read through {@link CredentialManager}: an OAuth access token (2 hours) is
 * refreshed shortly before it expires, one refresh at a time per connection, and the rotated
 * refresh token is saved before the new access token is used, since Calendly's refresh tokens are
 * single-use. A personal access token has no expiry and no refresh token, so it is never refreshed.
 * Register the same {@link OAuthTokenClient} as the manager's refresher for {@code "calendly"}, and
 * its {@link OAuthTokenClient#revoker() revoker}: then {@link #disconnect} revokes an OAuth grant
 * at Calendly ({@code POST https://auth.calendly.com/oauth/revoke}) before deleting the tokens, and
 * retries later (with {@link CredentialManager#retryRevocations()}) while Calendly cannot be
 * reached.
 *
 * <pre>{@code
 * OAuthTokenClient oauth = CalendlyConnections.oauthClient(clientId, clientSecret, redirectUri).build();
 * CredentialManager manager = CredentialManager.builder().inMemoryDefaults().credentialStore(store)
 *     .refresher(CalendlyClient.PROVIDER, oauth).revoker(CalendlyClient.PROVIDER, oauth.revoker())
 *     .build();
 * CalendlyConnections connections = CalendlyConnections.builder(store, manager)
 *     .oauth(oauth, AuthorizationFlow.create(stateStore, clock)).build();
 * String redirect = connections.authorizationUrl(tenant);
 * CalendlyConnection connected = connections.completeAuthorization(code, state);
 * }</pre>
 */
public final class CalendlyConnections implements CalendlyCredentials {
  /** Calendly's authorization endpoint. */
  public static final String AUTHORIZE_URL = "https://auth.calendly.com/oauth/authorize";

  /** Calendly's token endpoint. */
  public static final String TOKEN_URL = "https://auth.calendly.com/oauth/token";

  /**
   * Calendly's token revocation endpoint: a form with {@code client_id}, {@code client_secret} and
   * {@code token} (an access or refresh token).
   */
  public static final String REVOKE_URL = "https://auth.calendly.com/oauth/revoke";

  private final CredentialStore store;
  private final CredentialManager manager;
  private final @Nullable OAuthTokenClient oauth;
  private final @Nullable AuthorizationFlow flow;

  private CalendlyConnections(Builder b) {
    this.store = b.store;
    this.manager = b.manager;
    this.oauth = b.oauth;
    this.flow = b.flow;
  }

  /**
   * An {@link OAuthTokenClient} builder preset for Calendly: its endpoints (revocation included,
   * with the client id and secret in the form, as Calendly documents it), Basic client
   * authentication at the token endpoint, and the account read from the token response's {@code
   * owner} (the user URI).
   *
   * @param clientId the OAuth app's client id
   * @param clientSecret the OAuth app's client secret
   * @param redirectUri the callback URL, exactly as registered with the app
   * @return a builder that needs nothing more
   */
  public static OAuthTokenClient.Builder oauthClient(
      String clientId, String clientSecret, String redirectUri) {
    return OAuthTokenClient.builder(CalendlyClient.PROVIDER)
        .authorizeUrl(AUTHORIZE_URL)
        .tokenUrl(TOKEN_URL)
        .revokeUrl(REVOKE_URL, OAuthTokenClient.ClientAuth.BODY)
        .client(clientId, clientSecret, OAuthTokenClient.ClientAuth.BASIC)
        .redirectUri(redirectUri)
        .accountReader(OAuthTokenClient.AccountReader.field("owner"));
  }

  /**
   * Starts the connections over a credential store and the manager that reads and refreshes from
   * it.
   *
   * @param store where credentials are kept, normally an {@code EncryptedTokenStore}
   * @param manager the credential manager over the same store, with the Calendly refresher
   * @return a builder; without {@link Builder#oauth} only personal access tokens connect
   */
  public static Builder builder(CredentialStore store, CredentialManager manager) {
    return new Builder(
        Checks.notNull(store, "credentialStore"), Checks.notNull(manager, "credentialManager"));
  }

  /**
   * Starts an OAuth connection.
   *
   * @param tenant the tenant that connects
   * @return the URL to send the tenant's browser to, with a one-time state and a PKCE challenge
   * @throws IllegalStateException if OAuth is not configured
   */
  public String authorizationUrl(TenantId tenant) {
    AuthorizationFlow flow = requireOAuth(this.flow);
    OAuthTokenClient oauth = requireOAuth(this.oauth);
    AuthorizationStart start =
        flow.begin(Checks.notNull(tenant, "tenant"), CalendlyClient.PROVIDER);
    return oauth.authorizationUrl(start);
  }

  /**
   * Finishes an OAuth connection from the callback's {@code code} and {@code state}: exchanges the
   * code (with the PKCE verifier), stores the credential under the user URI Calendly names as
   * {@code owner}, and marks the connection connected.
   *
   * @param code the callback's {@code code} parameter
   * @param state the callback's {@code state} parameter
   * @return the connection
   * @throws dev.cita.scheduling.token.AuthorizationStateException if the state is unknown, used or
   *     expired
   * @throws dev.cita.scheduling.token.InvalidGrantException if Calendly refuses the code
   * @throws IllegalStateException if OAuth is not configured
   */
  public CalendlyConnection completeAuthorization(String code, String state) {
    AuthorizationFlow flow = requireOAuth(this.flow);
    OAuthTokenClient oauth = requireOAuth(this.oauth);
    PendingAuthorization pending = flow.complete(state, CalendlyClient.PROVIDER);
    OAuthTokenClient.TokenResponse tokens = oauth.exchange(code, pending);
    OAuthCredential credential = tokens.credential();
    CalendlyConnection connection =
        new CalendlyConnection(
            pending.tenant(),
            credential.accountId(),
            tokens.field("organization"),
            CalendlyConnection.Method.OAUTH);
    replace(connection, credential);
    return connection;
  }

  /**
   * Connects a tenant with a personal access token: asks Calendly which user it belongs to (which
   * also proves it works), then stores it with no refresh token and no expiry.
   *
   * @param tenant the tenant that connects
   * @param personalAccessToken the token the tenant pasted
   * @param client the client that asks Calendly who the token belongs to
   * @return the connection
   * @throws ValidationException if Calendly names no user for the token
   */
  public CalendlyConnection connectPersonalToken(
      TenantId tenant, String personalAccessToken, CalendlyClient client) {
    Checks.notNull(tenant, "tenant");
    Checks.notBlank(personalAccessToken, "personalAccessToken");
    Checks.notNull(client, "client");
    CalendlyUser user = client.currentUserWithToken(tenant, personalAccessToken);
    if (user == null || user.uri() == null || user.uri().isBlank()) {
      throw new ValidationException("personalAccessToken", "Calendly named no user for this token");
    }
    OAuthCredential credential =
        OAuthCredential.builder(CalendlyClient.PROVIDER, user.uri(), personalAccessToken)
            .accountEmail(user.email())
            .build();
    CalendlyConnection connection =
        new CalendlyConnection(
            tenant,
            user.uri(),
            Optional.ofNullable(user.currentOrganization()),
            CalendlyConnection.Method.PERSONAL_TOKEN);
    replace(connection, credential);
    return connection;
  }

  /**
   * The tenant's connection key.
   *
   * @param tenant a tenant
   * @return the key, or empty if the tenant has not connected Calendly or has disconnected it (its
   *     token may still be being revoked)
   */
  public Optional<ConnectionKey> connectionOf(TenantId tenant) {
    return calendlyKeys(tenant).stream()
        .filter(k -> manager.status(k).status() != ConnectionStatus.REVOKING)
        .min(Comparator.comparing(ConnectionKey::account));
  }

  /**
   * A working access token for the tenant, refreshed first if needed.
   *
   * @param tenant the tenant about to call
   * @return the bearer token
   * @throws NotFoundException if the tenant has not connected Calendly
   * @throws dev.cita.scheduling.ReauthorizationRequiredException if it must connect again
   */
  @Override
  public String accessToken(TenantId tenant) {
    ConnectionKey key =
        connectionOf(tenant)
            .orElseThrow(() -> new NotFoundException("calendly connection of tenant", tenant));
    return manager.accessToken(key);
  }

  /**
   * After Calendly refused {@code rejectedAccessToken} (HTTP 401): an OAuth connection is refreshed
   * once through {@link CredentialManager#refreshRejected} (shared with concurrent callers; a
   * revoked grant marks it {@code NEEDS_REAUTHORIZATION} and throws), and the new token returned. A
   * personal access token cannot be refreshed: the connection is marked revoked ({@link
   * CredentialManager#markRevoked}), so later calls fail fast until the tenant connects again, and
   * the result is empty. A token already replaced by someone else returns the stored one.
   *
   * @param tenant the tenant whose call was refused
   * @param rejectedAccessToken the token Calendly refused
   * @return the token to try once more, or empty
   */
  @Override
  public Optional<String> rejected(TenantId tenant, String rejectedAccessToken) {
    Checks.notBlank(rejectedAccessToken, "rejectedAccessToken");
    Optional<ConnectionKey> key = connectionOf(tenant);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    OAuthCredential current = manager.credential(key.get());
    if (!current.accessToken().equals(rejectedAccessToken)) {
      return Optional.of(current.accessToken());
    }
    if (current.refreshToken().isEmpty()) {
      manager.markRevoked(key.get(), "Calendly refused the personal access token (HTTP 401)");
      return Optional.empty();
    }
    return Optional.of(manager.refreshRejected(key.get(), rejectedAccessToken).accessToken());
  }

  /**
   * True when the tenant has connected Calendly (its credential is stored), whatever its status.
   *
   * @param tenant a tenant
   * @return true if its credential is stored
   */
  @Override
  public boolean isConnected(TenantId tenant) {
    return connectionOf(tenant).isPresent();
  }

  /**
   * True when the tenant connected through OAuth (its credential has a refresh token), false for a
   * personal access token or no connection. Calendly signs an OAuth app's webhooks with the app's
   * key: pass this to {@link CalendlyWebhookVerifier.Builder#oauthApp}.
   *
   * @param tenant a tenant
   * @return true for an OAuth connection
   */
  public boolean isOAuth(TenantId tenant) {
    return connectionOf(tenant)
        .flatMap(store::load)
        .flatMap(OAuthCredential::refreshToken)
        .isPresent();
  }

  /**
   * Ends the tenant's Calendly connection through {@link CredentialManager#disconnect}: with the
   * {@linkplain OAuthTokenClient#revoker() revoker} registered, an OAuth grant is revoked at
   * Calendly first (its refresh token, which ends its access tokens too), then the tokens are
   * deleted here; while Calendly cannot be reached the connection stays {@code REVOKING} (no longer
   * used) until {@link CredentialManager#retryRevocations()} succeeds or gives up. A personal
   * access token cannot be revoked through the API: it is deleted here and stays valid at Calendly
   * until the tenant deletes it there (Integrations › API and webhooks).
   *
   * @param tenant a tenant
   * @return true if there was one
   */
  public boolean disconnect(TenantId tenant) {
    boolean any = false;
    for (ConnectionKey key : calendlyKeys(tenant)) {
      any |= manager.disconnect(key);
    }
    return any;
  }

  /**
   * Saves the new connection first, then forgets the old ones: a failed save leaves the old one
   * working.
   */
  private void replace(CalendlyConnection connection, OAuthCredential credential) {
    List<ConnectionKey> previous = calendlyKeys(connection.tenant());
    manager.connect(connection.key(), credential);
    for (ConnectionKey old : previous) {
      if (!old.equals(connection.key())) {
        manager.disconnect(old);
      }
    }
  }

  private List<ConnectionKey> calendlyKeys(TenantId tenant) {
    return store.list(Checks.notNull(tenant, "tenant")).stream()
        .filter(k -> k.provider().equals(CalendlyClient.PROVIDER))
        .toList();
  }

  /** The OAuth client or flow, which {@link Builder#oauth} sets together. */
  private static <T> T requireOAuth(@Nullable T part) {
    if (part == null) {
      throw new IllegalStateException("OAuth is not configured: call Builder.oauth(client, flow)");
    }
    return part;
  }

  @Override
  public String toString() {
    return "CalendlyConnections{oauth=" + (oauth != null) + '}';
  }

  /** Collects the parts of {@link CalendlyConnections}. */
  public static final class Builder {
    private final CredentialStore store;
    private final CredentialManager manager;
    private @Nullable OAuthTokenClient oauth;
    private @Nullable AuthorizationFlow flow;

    private Builder(CredentialStore store, CredentialManager manager) {
      this.store = store;
      this.manager = manager;
    }

    /**
     * Enables OAuth connections; without it only personal access tokens can connect.
     *
     * @param oauth the client from {@link #oauthClient}, also registered as the manager's refresher
     * @param flow the one-time states of started authorizations
     * @return this builder
     * @throws ValidationException if the client was built for another provider
     */
    public Builder oauth(OAuthTokenClient oauth, AuthorizationFlow flow) {
      Checks.notNull(oauth, "oauth");
      if (!oauth.provider().equals(CalendlyClient.PROVIDER)) {
        throw new ValidationException(
            "oauth", "must be built for provider 'calendly', was " + oauth.provider());
      }
      this.oauth = oauth;
      this.flow = Checks.notNull(flow, "authorizationFlow");
      return this;
    }

    /** {@return the connections, thread-safe} */
    public CalendlyConnections build() {
      return new CalendlyConnections(this);
    }
  }
}
