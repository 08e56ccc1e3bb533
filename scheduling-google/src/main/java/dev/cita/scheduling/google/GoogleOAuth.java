package dev.cita.scheduling.google;

import com.google.api.client.googleapis.auth.oauth2.GoogleAuthorizationCodeTokenRequest;
import com.google.api.client.googleapis.auth.oauth2.GoogleIdToken;
import com.google.api.client.googleapis.auth.oauth2.GoogleTokenResponse;
import com.google.auth.oauth2.ClientId;
import com.google.auth.oauth2.PKCEProvider;
import com.google.auth.oauth2.UserAuthorizer;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.google.internal.GoogleCalls;
import dev.cita.scheduling.google.internal.GoogleHttp;
import dev.cita.scheduling.google.internal.TokenErrors;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditLog;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.AuthorizationStart;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import dev.cita.scheduling.token.Pkce;
import dev.cita.scheduling.token.Sleeper;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects tenants' Google accounts: the consent URL (offline access, consent prompt, one-time
 * state, PKCE S256, login hint, the configured scopes), the callback (state checked once, code
 * exchanged with the PKCE verifier, granted scopes checked, credential stored through {@link
 * CredentialManager} and so encrypted, connection {@code CONNECTED}), and disconnecting (revoked at
 * Google by the {@link GoogleTokenRevoker} registered with the credential manager, then deleted
 * here; retried later while Google cannot be reached). Thread-safe.
 *
 * <pre>{@code
 * CredentialManager credentials = CredentialManager.builder()
 *     .credentialStore(encryptedTokenStore).statusStore(connectionStatusStore)
 *     .refresher("google", GoogleTokenRefresher.create(config, clock))
 *     .revoker("google", GoogleTokenRevoker.create(config))   // required: disconnect revokes
 *     .build();
 * GoogleOAuth oauth = GoogleOAuth.builder(config)
 *     .credentialManager(credentials).authorizationStates(stateStore).build();
 * GoogleAuthorizationUrl start = oauth.authorizationUrl(clinic, "agenda@clinica.cl");
 * // redirect the tenant to start.url(); on the callback:
 * ConnectionKey connection = oauth.completeAuthorization(stateParam, codeParam);
 * GoogleGrant grant = oauth.grant(connection);   // what works: grant.limitations()
 * calendars.assign(clinic, drAna, connection, "primary");
 * }</pre>
 *
 * <p>Users may untick single permissions on Google's consent screen. Without {@link
 * GoogleConfig#SCOPE_EVENTS} the callback throws {@link GoogleScopeNotGrantedException} and stores
 * nothing; without {@link GoogleConfig#SCOPE_FREEBUSY} it connects with the limitation named by
 * {@link #grant(ConnectionKey)} (busy time from events sync only).
 *
 * <p>The account e-mail (the connection's account id) is the {@code email} claim of the ID token
 * Google returns with the code exchange when {@code openid email} is asked for (the default);
 * without one, the id of the primary calendar ({@code calendars.get("primary")}), which is the
 * account's e-mail.
 */
public final class GoogleOAuth {
  /** The provider id of Google connections and external references. */
  public static final String PROVIDER = "google";

  private static final Logger log = LoggerFactory.getLogger(GoogleOAuth.class);

  private final GoogleConfig config;
  private final GoogleHttp http;
  private final CredentialManager credentials;
  private final AuthorizationFlow flow;
  private final UserAuthorizer authorizer;
  private final GoogleCalls calls;
  private final Clock clock;

  private GoogleOAuth(Builder b) {
    this.config = b.config;
    this.credentials = Checks.notNull(b.credentials, "google.credentialManager");
    if (!credentials.revokes(PROVIDER)) {
      throw new ValidationException(
          "google.credentialManager",
          "has no revoker for '"
              + PROVIDER
              + "': register .revoker(\"google\", GoogleTokenRevoker.create(config)) on"
              + " CredentialManager.builder(), so that disconnect revokes the grant at Google");
    }
    Checks.notNull(b.states, "google.authorizationStates");
    this.clock = b.clock;
    this.flow = AuthorizationFlow.create(b.states, clock);
    this.http = new GoogleHttp(config);
    this.authorizer =
        UserAuthorizer.newBuilder()
            .setClientId(ClientId.of(config.clientId(), config.clientSecret()))
            .setScopes(config.scopes())
            .setCallbackUri(config.redirectUri())
            .setUserAuthUri(config.authorizationUri())
            .setTokenServerUri(config.tokenUri())
            .setHttpTransportFactory(http.transportFactory())
            .build();
    this.calls =
        new GoogleCalls(
            http.calendar(), credentials, config, clock, b.sleeper, b.random, b.auditLog);
  }

  /**
   * Starts the OAuth side of the Google adapter.
   *
   * @param config the OAuth client, scopes and endpoints
   * @return a builder that needs a {@linkplain Builder#credentialManager credential manager} and an
   *     {@linkplain Builder#authorizationStates authorization state store}
   */
  public static Builder builder(GoogleConfig config) {
    return new Builder(Checks.notNull(config, "config"));
  }

  /**
   * {@link #authorizationUrl(TenantId, String)} without a login hint.
   *
   * @param tenant the tenant that connects
   * @return the consent URL, its one-time state and until when the callback is accepted
   */
  public GoogleAuthorizationUrl authorizationUrl(TenantId tenant) {
    return start(tenant, null);
  }

  /**
   * Starts connecting a tenant: a one-time state and PKCE pair are remembered, and the URL to send
   * the tenant to is returned.
   *
   * @param tenant the tenant that connects
   * @param loginHint the Google account the tenant is expected to use, pre-filled on the consent
   *     page
   * @return the consent URL, its one-time state and until when the callback is accepted
   */
  public GoogleAuthorizationUrl authorizationUrl(TenantId tenant, String loginHint) {
    return start(tenant, Checks.notBlank(loginHint, "loginHint"));
  }

  private GoogleAuthorizationUrl start(TenantId tenant, @Nullable String loginHint) {
    Checks.notNull(tenant, "tenant");
    AuthorizationStart start = flow.begin(tenant, PROVIDER);
    Map<String, String> extra = new HashMap<>();
    // UserAuthorizer always adds the legacy approval_prompt=force, which Google refuses next to
    // prompt: a null value drops it from the URL, and prompt=consent asks for it the current way.
    extra.put("approval_prompt", null);
    extra.put("prompt", "consent");
    URI url;
    try {
      url =
          authorizer.toBuilder()
              .setPKCEProvider(pkce(Pkce.of(start.codeVerifier())))
              .build()
              .getAuthorizationUrl(loginHint, start.state(), null, extra)
              .toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("google-auth built an invalid authorization URL", e);
    }
    return new GoogleAuthorizationUrl(tenant, url, start.state(), start.expiresAt());
  }

  /**
   * Handles the redirect back from Google, given the full callback URL: its {@code state} and
   * {@code code}, or the {@code error} Google sent when the tenant declined. A code goes on to
   * {@link #completeAuthorization}.
   *
   * @param callback the full callback URL, with its query
   * @return the new connection, whose {@code account} is the Google account e-mail
   * @throws ValidationException naming {@code state} or {@code code} when the callback is refused
   * @throws GoogleScopeNotGrantedException as {@link #completeAuthorization} does
   * @throws ProviderException as {@link #completeAuthorization} does
   */
  public ConnectionKey handleCallback(URI callback) {
    Checks.notNull(callback, "callback");
    Map<String, String> query = query(callback.getRawQuery());
    String error = query.get("error");
    if (error != null) {
      // Use the state up so the same link cannot be replayed, then report what Google said.
      flow.complete(query.get("state"), PROVIDER);
      throw new ValidationException(
          "code", "Google returned no authorization code: " + sanitize(error));
    }
    return completeAuthorization(query.get("state"), query.get("code"));
  }

  /**
   * Completes a connection: checks the one-time state, exchanges the code (with the PKCE verifier)
   * at the token endpoint, checks the granted scopes, reads the account e-mail, stores the
   * credential and marks the connection {@code CONNECTED}. A grant without free/busy connects with
   * that limitation (see {@link #grant(ConnectionKey)}).
   *
   * @param state the callback's {@code state} parameter
   * @param code the callback's {@code code} parameter
   * @return the new connection, whose {@code account} is the Google account e-mail
   * @throws ValidationException if the code is missing or the state is missing, unknown, used or
   *     expired
   * @throws GoogleScopeNotGrantedException if the tenant unticked the calendar events permission,
   *     or Google named no account e-mail; nothing is stored
   * @throws ProviderException if Google refused the code or could not be reached
   */
  public ConnectionKey completeAuthorization(@Nullable String state, @Nullable String code) {
    if (code == null || code.isBlank()) {
      throw new ValidationException("code", "is missing");
    }
    PendingAuthorization pending = flow.complete(state, PROVIDER);
    GoogleTokenResponse token = exchange(code, pending.codeVerifier());
    Set<String> scopes = grantedScopes(token);
    GoogleGrant grant = GoogleGrant.of(scopes);
    if (!grant.canBook()) {
      StringBuilder why =
          new StringBuilder("the tenant unticked permissions on Google's consent screen:");
      for (GoogleGrant.Limitation l : grant.limitations()) {
        why.append(" without ").append(l.scope()).append(", ").append(l.effect()).append(';');
      }
      throw new GoogleScopeNotGrantedException(
          grant.missingScopes(),
          why
              + " nothing was stored; ask the tenant to connect again and keep these permissions"
              + " ticked");
    }
    String email = accountEmail(pending.tenant(), token);
    ConnectionKey connection = ConnectionKey.of(pending.tenant(), PROVIDER, email);
    Long expiresIn = token.getExpiresInSeconds();
    OAuthCredential credential =
        OAuthCredential.builder(PROVIDER, email, token.getAccessToken())
            .accountEmail(email)
            .refreshToken(token.getRefreshToken())
            .expiresAt(expiresIn == null ? null : clock.instant().plusSeconds(expiresIn))
            .scopes(scopes)
            .build();
    if (token.getRefreshToken() == null) {
      log.warn(
          "Google issued no refresh token for {}; it must authorize again when the access token"
              + " expires",
          connection);
    }
    credentials.connect(connection, credential);
    for (GoogleGrant.Limitation l : grant.limitations()) {
      log.warn("connected {} without {}: {}", connection, l.scope(), l.effect());
    }
    log.info("connected {}", connection);
    return connection;
  }

  /**
   * What a connection's grant lets Cita do, read from the scopes stored with its credential (Google
   * lists them with every token). A credential that records no scopes counts as having the
   * configured ones. Refreshes the access token first if it is about to expire, like every
   * credential read.
   *
   * @param connection a Google connection
   * @return the scopes granted and the limitations they leave
   * @throws dev.cita.scheduling.NotFoundException if the connection has no credential
   * @throws ReauthorizationRequiredException if the tenant must authorize again
   */
  public GoogleGrant grant(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return GoogleGrant.of(credentials.credential(connection), config);
  }

  /**
   * The code exchange, with google-http-client's token request (google-auth's UserAuthorizer drops
   * the {@code id_token} of the answer) on the configured timeouts. Sends the PKCE verifier and the
   * client id and secret in the form, as Google's web-server flow asks.
   */
  private GoogleTokenResponse exchange(String code, String codeVerifier) {
    try {
      return new GoogleAuthorizationCodeTokenRequest(
              http.transport(),
              http.json(),
              config.tokenUri().toString(),
              config.clientId(),
              config.clientSecret(),
              code,
              config.redirectUri().toString())
          .setRequestInitializer(http.initializer())
          .set("code_verifier", codeVerifier)
          .execute();
    } catch (IOException e) {
      throw TokenErrors.of("authorization code exchange", e, http.json(), false);
    }
  }

  /**
   * The token response's space-separated {@code scope}; Google always sends it, else what was asked
   * for.
   */
  private Set<String> grantedScopes(GoogleTokenResponse token) {
    String scope = token.getScope();
    if (scope == null || scope.isBlank()) {
      return new LinkedHashSet<>(config.scopes());
    }
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(scope.trim().split("\\s+")).forEach(out::add);
    return out;
  }

  private String accountEmail(TenantId tenant, GoogleTokenResponse token) {
    return idTokenEmail(token).orElseGet(() -> primaryCalendarId(tenant, token.getAccessToken()));
  }

  /**
   * The verified {@code email} claim of the ID token. Its signature is not checked: the token came
   * straight from Google's token endpoint over TLS, in answer to a request authenticated with the
   * client secret, which Google's OpenID Connect guide ("Obtain user information from the ID
   * token", developers.google.com/identity/openid-connect/openid-connect) names as the case where
   * validation is not needed. Never pass this token on to other components.
   */
  private Optional<String> idTokenEmail(GoogleTokenResponse token) {
    if (token.getIdToken() == null || token.getIdToken().isBlank()) {
      return Optional.empty();
    }
    GoogleIdToken.Payload claims;
    try {
      claims = token.parseIdToken().getPayload();
    } catch (IOException | IllegalArgumentException unreadable) {
      log.warn(
          "Google's ID token could not be read ({}); reading the account from the primary calendar",
          unreadable.getClass().getSimpleName());
      return Optional.empty();
    }
    String email = claims.getEmail();
    if (email == null || !email.contains("@") || !Boolean.TRUE.equals(claims.getEmailVerified())) {
      return Optional.empty();
    }
    return Optional.of(email);
  }

  /**
   * The primary calendar's id, which Google documents as the account's e-mail address. Needs a
   * scope that allows {@code calendars.get} (calendar, calendar.readonly,
   * calendar.calendars.readonly, ...); {@code calendar.events} and {@code calendar.freebusy} do
   * not.
   */
  private String primaryCalendarId(TenantId tenant, String accessToken) {
    String id;
    try {
      var primary =
          calls.executeWithToken(
              tenant,
              accessToken,
              "calendars.get(primary)",
              c -> c.calendars().get("primary").setFields("id"));
      id = primary.getId();
    } catch (ProviderException e) {
      if (e.httpStatus().orElse(0) != 403) {
        throw e;
      }
      throw new GoogleScopeNotGrantedException(
          List.of(GoogleConfig.SCOPE_OPENID, GoogleConfig.SCOPE_EMAIL),
          "Google named no account e-mail: the answer had no ID token with a verified e-mail (ask"
              + " for 'openid email', as the default scopes do) and calendars.get(primary) was"
              + " refused (HTTP 403). Nothing was stored");
    }
    if (id == null || !id.contains("@")) {
      throw new ProviderException(
          PROVIDER,
          0,
          "noAccountEmail",
          null,
          false,
          "the primary calendar's id is not an e-mail address",
          null);
    }
    return id;
  }

  /**
   * Disconnects a tenant's account through {@link CredentialManager#disconnect}, with the {@link
   * GoogleTokenRevoker} registered there: the connection is marked {@code REVOKING} (its credential
   * is no longer handed out), the grant is revoked at Google, then the credential is deleted here
   * and the connection is {@code NOT_CONNECTED}. A grant Google already considers invalid ({@code
   * invalid_token}) is simply deleted. While Google cannot be reached the connection stays {@code
   * REVOKING} with its credential and {@link CredentialManager#retryRevocations()} (a {@code
   * RevocationWorker}) revokes and deletes it later, with backoff, up to a cap. Stop the
   * connection's push channels first ({@link GooglePushChannels#stopAll}); they need the grant.
   *
   * @param connection the Google connection to end
   * @return true if a credential was stored (it may still be waiting to be revoked: see {@link
   *     CredentialManager#status})
   * @throws ValidationException naming {@code connection.provider} if it is not a Google connection
   */
  public boolean disconnect(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    if (!connection.provider().equals(PROVIDER)) {
      throw new ValidationException(
          "connection.provider", "must be '" + PROVIDER + "', was " + connection);
    }
    return credentials.disconnect(connection);
  }

  private static PKCEProvider pkce(Pkce pair) {
    return new PKCEProvider() {
      @Override
      public String getCodeChallenge() {
        return pair.challenge();
      }

      @Override
      public String getCodeChallengeMethod() {
        return pair.method();
      }

      @Override
      public String getCodeVerifier() {
        return pair.verifier();
      }
    };
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String name =
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value =
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      out.putIfAbsent(name, value);
    }
    return out;
  }

  private static String sanitize(String error) {
    String clean = error.replaceAll("[^A-Za-z0-9_.-]", "");
    return clean.length() <= 40 ? clean : clean.substring(0, 40);
  }

  /** Collects a {@link GoogleOAuth}; {@link #build()} checks that the required parts are set. */
  public static final class Builder {
    private final GoogleConfig config;
    private @Nullable CredentialManager credentials;
    private @Nullable AuthorizationStateStore states;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
    private AuditLog auditLog = AuditLog.noop();

    private Builder(GoogleConfig config) {
      this.config = config;
    }

    /**
     * Records each Calendar API call this side makes (reading the account's primary calendar when
     * Google's answer names no e-mail) in the API log: tenant, operation, outcome, status and
     * latency, never a token or a body.
     *
     * @param auditLog the log; {@link AuditLog#noop()} if not set
     * @return this builder
     */
    public Builder auditLog(AuditLog auditLog) {
      this.auditLog = Checks.notNull(auditLog, "auditLog");
      return this;
    }

    /**
     * Stores credentials (encrypted) and statuses, and revokes at Google on disconnect: it must
     * have {@link GoogleTokenRevoker} registered for {@code "google"}. Required.
     *
     * @param credentials the manager
     * @return this builder
     */
    public Builder credentialManager(CredentialManager credentials) {
      this.credentials = Checks.notNull(credentials, "credentialManager");
      return this;
    }

    /**
     * Remembers started authorizations until their callback. Required.
     *
     * @param states the store, shared by every node that may receive the callback
     * @return this builder
     */
    public Builder authorizationStates(AuthorizationStateStore states) {
      this.states = Checks.notNull(states, "authorizationStates");
      return this;
    }

    /**
     * Sets the clock that expires authorization states and dates new access tokens.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets how to wait between retries of Calendar API calls; tests pass one that returns at once.
     *
     * @param sleeper the sleeper; {@link Sleeper#threadSleep()} if not set
     * @return this builder
     */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    /**
     * Sets the source of backoff jitter.
     *
     * @param random a thread-safe source; {@link ThreadLocalRandom} if not set
     * @return this builder
     */
    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    /**
     * Builds the OAuth side.
     *
     * @return it, thread-safe
     * @throws ValidationException if the credential manager or the state store is not set, or
     *     naming {@code google.credentialManager} if no revoker is registered there for {@code
     *     "google"}
     */
    public GoogleOAuth build() {
      return new GoogleOAuth(this);
    }
  }
}
