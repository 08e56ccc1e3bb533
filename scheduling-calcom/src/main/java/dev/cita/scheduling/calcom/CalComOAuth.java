package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.calcom.api.CalComProfile;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import dev.cita.scheduling.token.TokenRefresher;
import java.time.Clock;
import java.util.List;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a branch's Cal.com account: OAuth with PKCE against Cal.com's authorize and token
 * endpoints (client id and secret in the form body; 30-minute access tokens; refresh tokens that
 * rotate, refreshed and saved by {@link CredentialManager} through {@link #refresher()}), or an API
 * key for self-hosted Cal.com. Either way the credential is stored through the {@code
 * CredentialManager} (encrypted by {@code EncryptedTokenStore}) under the Cal.com user id read from
 * {@code GET /v2/me}, and a {@link CalComTenant} names that account.
 *
 * <p>Cal.com offers no token revocation: its OAuth server has only the authorize and token
 * endpoints, and an API key is revoked only by deleting it in Cal.com (Settings › Developer › API
 * keys). So {@link #disconnect} deletes the credential here and says so in the log; the tokens stay
 * valid at Cal.com until they expire (an access token within 30 minutes; a refresh token or an API
 * key until its own expiry, or until the branch deletes the key).
 *
 * <pre>{@code
 * CalComOAuth oauth = CalComOAuth.builder(clientId, clientSecret, "https://app.example/oauth/calcom")
 *     .flow(AuthorizationFlow.create(stateStore, clock)).client(calcomClient).build();
 * CredentialManager credentials = CredentialManager.builder().inMemoryDefaults()
 *     .credentialStore(encryptedTokenStore).refresher(CalComClient.PROVIDER, oauth.refresher()).build();
 * response.redirect(oauth.authorizationUrl(tenant));                  // the branch owner consents
 * ConnectionKey key = oauth.connect(credentials, code, state);        // in the redirect handler
 * }</pre>
 */
public final class CalComOAuth {
  private static final Logger log = LoggerFactory.getLogger(CalComOAuth.class);

  /** Cal.com's consent page. */
  public static final String AUTHORIZE_URL = "https://app.cal.com/auth/oauth2/authorize";

  /** Cal.com's token endpoint (code exchange and refresh). */
  public static final String TOKEN_URL = "https://api.cal.com/v2/auth/oauth2/token";

  /** The scopes asked for by default: read and write bookings, read the profile and event types. */
  public static final List<String> DEFAULT_SCOPES =
      List.of("BOOKING_READ", "BOOKING_WRITE", "EVENT_TYPE_READ", "PROFILE_READ");

  private final OAuthTokenClient tokens;
  private final AuthorizationFlow flow;
  private final CalComClient client;
  private final String apiBaseUrl;
  private final BaseUrlPolicy baseUrlPolicy;

  private CalComOAuth(Builder b) {
    this.flow = Checks.notNull(b.flow, "calcomOAuth.flow");
    this.client = Checks.notNull(b.client, "calcomOAuth.client");
    this.baseUrlPolicy = b.baseUrlPolicy;
    this.apiBaseUrl =
        CalComAccess.parseBaseUrl(b.apiBaseUrl, b.baseUrlPolicy, "calcomOAuth.apiBaseUrl")
            .toString();
    b.baseUrlPolicy.check(b.tokenUrl, "calcomOAuth.tokenUrl"); // it receives the client secret
    OAuthTokenClient.Builder tokens =
        OAuthTokenClient.builder(CalComClient.PROVIDER)
            .authorizeUrl(b.authorizeUrl)
            .tokenUrl(b.tokenUrl)
            .client(b.clientId, b.clientSecret, OAuthTokenClient.ClientAuth.BODY)
            .redirectUri(b.redirectUri)
            .scopes(b.scopes)
            .config(b.config)
            .clock(b.clock);
    if (b.okHttpClient != null) {
      tokens.okHttpClient(b.okHttpClient);
    }
    this.tokens = tokens.build();
  }

  /**
   * Starts the configuration of the OAuth client registered with Cal.com.
   *
   * @param clientId the OAuth client's id
   * @param clientSecret the OAuth client's secret
   * @param redirectUri the callback URL, exactly as registered with the client
   * @return a builder that needs the {@linkplain Builder#flow flow} and the {@linkplain
   *     Builder#client client}
   */
  public static Builder builder(String clientId, String clientSecret, String redirectUri) {
    return new Builder(clientId, clientSecret, redirectUri);
  }

  /**
   * The consent URL to send the branch owner to: a one-time {@code state} bound to the tenant
   * (valid for the flow's TTL), the S256 PKCE challenge and the scopes.
   *
   * @param tenant the branch that connects
   * @return the absolute URL
   */
  public String authorizationUrl(TenantId tenant) {
    return tokens.authorizationUrl(flow.begin(tenant, CalComClient.PROVIDER));
  }

  /**
   * Completes the flow in the redirect handler: accepts the one-time {@code state}, exchanges the
   * {@code code} with the PKCE verifier, asks {@code GET /v2/me} whose account it is, and stores
   * the credential under {@code (tenant, "calcom", user id)} as CONNECTED.
   *
   * @param credentials where the credential is stored; its refresher for {@code "calcom"} is {@link
   *     #refresher()}
   * @param code the callback's {@code code} parameter
   * @param state the callback's {@code state} parameter
   * @return the connection to name in the tenant's {@link CalComTenant}
   * @throws dev.cita.scheduling.token.AuthorizationStateException for a missing, used or expired
   *     state
   * @throws dev.cita.scheduling.token.InvalidGrantException when Cal.com refuses the code
   */
  public ConnectionKey connect(CredentialManager credentials, String code, String state) {
    Checks.notNull(credentials, "credentials");
    Checks.notBlank(code, "code");
    PendingAuthorization pending = flow.complete(state, CalComClient.PROVIDER);
    OAuthTokenClient.TokenResponse response = tokens.exchange(code, pending);
    CalComProfile me =
        client.me(
            CalComAccess.of(pending.tenant(), apiBaseUrl, baseUrlPolicy, response::accessToken));
    OAuthCredential credential =
        response.credential(Long.toString(me.id())).toBuilder().accountEmail(me.email()).build();
    ConnectionKey key =
        ConnectionKey.of(pending.tenant(), CalComClient.PROVIDER, credential.accountId());
    credentials.connect(key, credential);
    return key;
  }

  /**
   * Connects a branch with an API key instead of OAuth (self-hosted Cal.com, or a cloud account
   * without an OAuth client): reads the key's user from {@code GET /v2/me} at {@code baseUrl} and
   * stores the key as a credential that never expires and is never refreshed.
   *
   * @param credentials where the key is stored
   * @param client the client that calls {@code GET /v2/me}
   * @param tenant the branch that connects
   * @param baseUrl the Cal.com API root, a public https URL
   * @param apiKey the API key
   * @return the connection to name in the tenant's {@link CalComTenant}
   */
  public static ConnectionKey connectApiKey(
      CredentialManager credentials,
      CalComClient client,
      TenantId tenant,
      String baseUrl,
      String apiKey) {
    return connectApiKey(credentials, client, tenant, baseUrl, BaseUrlPolicy.publicHttps(), apiKey);
  }

  /**
   * As {@link #connectApiKey(CredentialManager, CalComClient, TenantId, String, String)}, with
   * {@code baseUrl} checked against {@code policy} (for a self-hosted Cal.com on a private
   * network).
   *
   * @param credentials where the key is stored
   * @param client the client that calls {@code GET /v2/me}
   * @param tenant the branch that connects
   * @param baseUrl the Cal.com API root
   * @param policy which API roots are allowed
   * @param apiKey the API key
   * @return the connection to name in the tenant's {@link CalComTenant}
   */
  public static ConnectionKey connectApiKey(
      CredentialManager credentials,
      CalComClient client,
      TenantId tenant,
      String baseUrl,
      BaseUrlPolicy policy,
      String apiKey) {
    Checks.notNull(credentials, "credentials");
    Checks.notNull(client, "client");
    Checks.notBlank(apiKey, "apiKey");
    CalComProfile me = client.me(CalComAccess.of(tenant, baseUrl, policy, () -> apiKey));
    OAuthCredential credential =
        OAuthCredential.builder(CalComClient.PROVIDER, Long.toString(me.id()), apiKey)
            .accountEmail(me.email())
            .build();
    ConnectionKey key = ConnectionKey.of(tenant, CalComClient.PROVIDER, credential.accountId());
    credentials.connect(key, credential);
    return key;
  }

  /**
   * Ends a branch's Cal.com connection: deletes its credential through {@link
   * CredentialManager#disconnect} and marks it {@code NOT_CONNECTED}. Nothing is sent to Cal.com,
   * which has no revocation endpoint; the log (WARN) says that the tokens stay valid there until
   * they expire, or, for an API key, until the branch deletes it in Cal.com.
   *
   * @param credentials where the credential is stored
   * @param connection the branch's Cal.com connection
   * @return true if a credential was stored
   * @throws dev.cita.scheduling.ValidationException if the connection is not a Cal.com one
   */
  public static boolean disconnect(CredentialManager credentials, ConnectionKey connection) {
    Checks.notNull(credentials, "credentials");
    Checks.notNull(connection, "connection");
    if (!connection.provider().equals(CalComClient.PROVIDER)) {
      throw new ValidationException(
          "connection.provider", "must be '" + CalComClient.PROVIDER + "', was " + connection);
    }
    boolean existed = credentials.disconnect(connection);
    if (existed) {
      log.warn(
          "disconnected {}: Cal.com has no token revocation, so its tokens stay valid at Cal.com"
              + " until they expire (an API key until the branch deletes it in Cal.com)",
          connection);
    }
    return existed;
  }

  /**
   * {@return the refresher of Cal.com OAuth credentials} Register it with {@code CredentialManager}
   * under {@code "calcom"}.
   */
  public TokenRefresher refresher() {
    return tokens;
  }

  @Override
  public String toString() {
    return "CalComOAuth{" + tokens + "}";
  }

  /** Configures a {@link CalComOAuth}; the flow and the client are required. */
  public static final class Builder {
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private String authorizeUrl = AUTHORIZE_URL;
    private String tokenUrl = TOKEN_URL;
    private String apiBaseUrl = CalComClient.DEFAULT_BASE_URL;
    private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.publicHttps();
    private List<String> scopes = DEFAULT_SCOPES;
    private @Nullable AuthorizationFlow flow;
    private @Nullable CalComClient client;
    private HttpClientConfig config = HttpClientConfig.defaults();
    private Clock clock = Clock.systemUTC();
    private @Nullable OkHttpClient okHttpClient;

    private Builder(String clientId, String clientSecret, String redirectUri) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.redirectUri = redirectUri;
    }

    /**
     * The one-time state and PKCE store shared by the adapters.
     *
     * @param flow the flow
     * @return this builder
     */
    public Builder flow(AuthorizationFlow flow) {
      this.flow = Checks.notNull(flow, "flow");
      return this;
    }

    /**
     * The client used for {@code GET /v2/me} after the exchange.
     *
     * @param client the client
     * @return this builder
     */
    public Builder client(CalComClient client) {
      this.client = Checks.notNull(client, "client");
      return this;
    }

    /**
     * Sets Cal.com's consent page.
     *
     * @param url the URL; {@link #AUTHORIZE_URL} if not set
     * @return this builder
     */
    public Builder authorizeUrl(String url) {
      this.authorizeUrl = Checks.notBlank(url, "authorizeUrl");
      return this;
    }

    /**
     * Sets Cal.com's token endpoint, which receives the client secret.
     *
     * @param url the URL, checked against the {@linkplain #baseUrlPolicy policy}; {@link
     *     #TOKEN_URL} if not set
     * @return this builder
     */
    public Builder tokenUrl(String url) {
      this.tokenUrl = Checks.notBlank(url, "tokenUrl");
      return this;
    }

    /**
     * The API root {@code GET /v2/me} is called at; Cal.com's cloud by default.
     *
     * @param url the API root
     * @return this builder
     */
    public Builder apiBaseUrl(String url) {
      this.apiBaseUrl = Checks.notBlank(url, "apiBaseUrl");
      return this;
    }

    /**
     * What {@link #apiBaseUrl} and {@link #tokenUrl} may be: {@link BaseUrlPolicy#publicHttps()} by
     * default; widen it for a self-hosted Cal.com on the same network.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder baseUrlPolicy(BaseUrlPolicy policy) {
      this.baseUrlPolicy = Checks.notNull(policy, "baseUrlPolicy");
      return this;
    }

    /**
     * Sets the scopes asked for at consent.
     *
     * @param scopes the scopes; {@link #DEFAULT_SCOPES} if not set
     * @return this builder
     */
    public Builder scopes(List<String> scopes) {
      this.scopes = List.copyOf(Checks.notNull(scopes, "scopes"));
      return this;
    }

    /**
     * Sets the timeouts, user agent and body limit of the token endpoint calls.
     *
     * @param config the transport settings; {@link HttpClientConfig#defaults()} if not set
     * @return this builder
     */
    public Builder httpConfig(HttpClientConfig config) {
      this.config = Checks.notNull(config, "httpConfig");
      return this;
    }

    /**
     * Sets the clock that turns a token response's {@code expires_in} into an expiry instant.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets an OkHttp client to share a connection pool with.
     *
     * @param okHttpClient the client to derive from; a new one if not set
     * @return this builder
     */
    public Builder okHttpClient(OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Builds the OAuth side.
     *
     * @return it, thread-safe
     * @throws dev.cita.scheduling.ValidationException naming the field, when the flow, the client,
     *     the client id or the redirect URI is missing, or the policy refuses the API root or the
     *     token URL
     */
    public CalComOAuth build() {
      return new CalComOAuth(this);
    }
  }
}
