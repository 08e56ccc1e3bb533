package dev.cita.scheduling.microsoft;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.http.HttpSettings;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import dev.cita.scheduling.token.TokenRefresher;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects a tenant's Microsoft 365 (or Outlook.com) account: OAuth 2.0 authorization code with
 * PKCE against the Microsoft identity platform, {@code
 * https://login.microsoftonline.com/{authority}/oauth2/v2.0/authorize} and {@code .../token}, with
 * the authority {@code organizations} (work and school accounts, the default: {@code getSchedule}
 * does not serve personal accounts), {@code common}, {@code consumers} or one directory's id. The
 * scopes are {@value #SCOPE_OFFLINE} (a refresh token), {@value #SCOPE_CALENDARS} and {@value
 * #SCOPE_USER}; after the exchange the granted scopes are checked, and the account is read from
 * {@code GET /me}. The credential is stored through {@link CredentialManager}, which refreshes it
 * with {@link #refresher()} (Microsoft rotates refresh tokens: the new one is saved before it is
 * used; {@code invalid_grant} marks the connection as needing a new authorization).
 *
 * <p>Microsoft offers no RFC 7009 revocation of one refresh token (Graph's {@code
 * revokeSignInSessions} ends every session of the user, in every app), so {@link #disconnect}
 * deletes the credential here and says so in the log; the refresh token stays valid at Microsoft
 * until it expires or the user removes the app's consent (myapps.microsoft.com).
 *
 * <pre>{@code
 * MicrosoftOAuth oauth = MicrosoftOAuth.builder(clientId, clientSecret, "https://app.example/oauth/microsoft")
 *     .flow(AuthorizationFlow.create(stateStore, clock)).build();
 * CredentialManager credentials = CredentialManager.builder().credentialStore(encryptedTokenStore)
 *     .refresher(MicrosoftOAuth.PROVIDER, oauth.refresher()).build();
 * MicrosoftGraph graph = MicrosoftGraph.builder(credentials).build();
 * response.redirect(oauth.authorizationUrl(tenant));             // the tenant consents
 * ConnectionKey key = oauth.connect(graph, code, state);         // in the redirect handler
 * }</pre>
 */
public final class MicrosoftOAuth {
  private static final Logger log = LoggerFactory.getLogger(MicrosoftOAuth.class);
  private static final Pattern AUTHORITY = Pattern.compile("[A-Za-z0-9.-]{1,100}");
  private static final String GRAPH_RESOURCE = "https://graph.microsoft.com/";

  /** The provider id in credentials, external references and audit entries. */
  public static final String PROVIDER = "microsoft";

  /** The Microsoft identity platform's root (global cloud). */
  public static final String DEFAULT_LOGIN_URL = "https://login.microsoftonline.com/";

  /** The authority used unless set: work and school accounts of any directory. */
  public static final String DEFAULT_AUTHORITY = "organizations";

  /** Asks for a refresh token. */
  public static final String SCOPE_OFFLINE = "offline_access";

  /** Reads and writes the user's calendars (events, getSchedule, delta, subscriptions). */
  public static final String SCOPE_CALENDARS = "Calendars.ReadWrite";

  /** Reads the user's profile: which account connected ({@code GET /me}). */
  public static final String SCOPE_USER = "User.Read";

  /** The scopes asked for, space-separated on the consent URL. */
  public static final List<String> SCOPES = List.of(SCOPE_OFFLINE, SCOPE_CALENDARS, SCOPE_USER);

  private final OAuthTokenClient tokens;
  private final AuthorizationFlow flow;

  private MicrosoftOAuth(Builder b, HttpSettings settings) {
    this.flow = Checks.notNull(b.flow, "microsoftOAuth.flow");
    if (!AUTHORITY.matcher(b.authority).matches()) {
      throw new ValidationException(
          "microsoftOAuth.authority",
          "must be common, organizations, consumers, a directory id or domain");
    }
    String root = b.baseUrlPolicy.check(b.loginUrl, "microsoftOAuth.loginUrl").toString();
    root = root.endsWith("/") ? root : root + "/";
    String endpoint = root + b.authority + "/oauth2/v2.0/";
    OAuthTokenClient.Builder tokens =
        OAuthTokenClient.builder(PROVIDER)
            .authorizeUrl(endpoint + "authorize")
            .tokenUrl(endpoint + "token")
            .client(b.clientId, b.clientSecret, OAuthTokenClient.ClientAuth.BODY)
            .redirectUri(b.redirectUri)
            .scopes(SCOPES)
            .authorizeParam("response_mode", "query")
            .config(settings.config())
            .clock(settings.clock());
    settings.okHttpClient().ifPresent(tokens::okHttpClient);
    this.tokens = tokens.build();
  }

  /**
   * Starts the configuration of the app registered in Microsoft Entra ID.
   *
   * @param clientId the application (client) id
   * @param clientSecret a client secret of the app
   * @param redirectUri the callback URL, exactly as registered ("Web" platform)
   * @return a builder that needs the {@linkplain Builder#flow flow}
   */
  public static Builder builder(String clientId, String clientSecret, String redirectUri) {
    return new Builder(clientId, clientSecret, redirectUri);
  }

  /**
   * The consent URL to send the tenant to: a one-time {@code state} bound to the tenant, the S256
   * PKCE challenge, the scopes and {@code response_mode=query}.
   *
   * @param tenant the tenant that connects
   * @return the absolute URL
   */
  public String authorizationUrl(TenantId tenant) {
    return tokens.authorizationUrl(flow.begin(tenant, PROVIDER));
  }

  /**
   * As {@link #authorizationUrl(TenantId)}, with the account's address as {@code login_hint}.
   *
   * @param tenant the tenant that connects
   * @param loginHint the e-mail address the tenant signs in with
   * @return the absolute URL
   */
  public String authorizationUrl(TenantId tenant, String loginHint) {
    return tokens.authorizationUrl(
        flow.begin(tenant, PROVIDER),
        Map.of("login_hint", Checks.notBlank(loginHint, "loginHint")));
  }

  /**
   * Completes the flow in the redirect handler: accepts the one-time {@code state}, exchanges the
   * {@code code} with the PKCE verifier, checks that {@value #SCOPE_CALENDARS} was granted and a
   * refresh token issued, asks {@code GET /me} whose account it is, and stores the credential under
   * {@code (tenant, "microsoft", user id)} as CONNECTED in the Graph client's {@link
   * CredentialManager}.
   *
   * @param graph the Graph client; its credential manager's refresher for {@code "microsoft"} is
   *     {@link #refresher()}
   * @param code the callback's {@code code} parameter
   * @param state the callback's {@code state} parameter
   * @return the connection
   * @throws dev.cita.scheduling.token.AuthorizationStateException for a missing, used or expired
   *     state
   * @throws dev.cita.scheduling.token.InvalidGrantException when Microsoft refuses the code
   * @throws ValidationException on {@code scope} when a needed scope was not granted (nothing is
   *     stored)
   */
  public ConnectionKey connect(MicrosoftGraph graph, String code, String state) {
    Checks.notNull(graph, "graph");
    Checks.notBlank(code, "code");
    PendingAuthorization pending = flow.complete(state, PROVIDER);
    OAuthTokenClient.TokenResponse response = tokens.exchange(code, pending);
    OAuthCredential granted = response.credential("unknown");
    List<String> missing = missingScopes(granted);
    if (!missing.isEmpty()) {
      throw new ValidationException(
          "scope", "Microsoft did not grant " + missing + ": connect again and accept them");
    }
    JsonNode me =
        graph.callWithToken(
            pending.tenant(),
            "me.get",
            new Request.Builder().url(graph.url("me?$select=id,mail,userPrincipalName")).get(),
            response.accessToken());
    String id = text(me, "id");
    if (id == null) {
      throw new ProviderException(
          PROVIDER, 200, null, null, false, "GET /me answered without an id", null);
    }
    String mail = text(me, "mail");
    OAuthCredential credential =
        response.credential(id).toBuilder()
            .accountEmail(mail != null ? mail : text(me, "userPrincipalName"))
            .build();
    ConnectionKey key = ConnectionKey.of(pending.tenant(), PROVIDER, id);
    graph.credentials().connect(key, credential);
    return key;
  }

  /**
   * The scopes of {@link #SCOPES} the credential lacks: Microsoft answers scopes with or without
   * Graph's resource prefix and in any case, and {@code offline_access} shows as a refresh token.
   */
  static List<String> missingScopes(OAuthCredential credential) {
    Set<String> granted =
        credential.scopes().stream()
            .map(s -> s.startsWith(GRAPH_RESOURCE) ? s.substring(GRAPH_RESOURCE.length()) : s)
            .map(s -> s.toLowerCase(Locale.ROOT))
            .collect(Collectors.toSet());
    List<String> missing = new ArrayList<>();
    if (credential.refreshToken().isEmpty()) {
      missing.add(SCOPE_OFFLINE);
    }
    for (String s : List.of(SCOPE_CALENDARS, SCOPE_USER)) {
      if (!granted.contains(s.toLowerCase(Locale.ROOT))) {
        missing.add(s);
      }
    }
    return missing;
  }

  /**
   * Ends a tenant's Microsoft connection: deletes its credential through {@link
   * CredentialManager#disconnect} and marks it {@code NOT_CONNECTED}. Nothing is sent to Microsoft
   * (see the type); the log (WARN) says the refresh token stays valid there until it expires or the
   * user removes the app's consent. Stop the connection's subscriptions first ({@link
   * MicrosoftSubscriptions#deleteAll}).
   *
   * @param credentials where the credential is stored
   * @param connection the tenant's Microsoft connection
   * @return true if a credential was stored
   * @throws ValidationException if the connection is not a Microsoft one
   */
  public static boolean disconnect(CredentialManager credentials, ConnectionKey connection) {
    Checks.notNull(credentials, "credentials");
    Checks.notNull(connection, "connection");
    if (!connection.provider().equals(PROVIDER)) {
      throw new ValidationException(
          "connection.provider", "must be '" + PROVIDER + "', was " + connection);
    }
    boolean existed = credentials.disconnect(connection);
    if (existed) {
      log.warn(
          "disconnected {}: Microsoft has no revocation of one refresh token, so it stays valid"
              + " until it expires or the user removes the app's consent",
          connection);
    }
    return existed;
  }

  /**
   * {@return the refresher of Microsoft credentials} Register it with {@code CredentialManager}
   * under {@code "microsoft"}.
   */
  public TokenRefresher refresher() {
    return tokens;
  }

  private static @Nullable String text(JsonNode node, String field) {
    JsonNode n = node.get(field);
    return n == null || n.isNull() || n.asText().isBlank() ? null : n.asText();
  }

  @Override
  public String toString() {
    return "MicrosoftOAuth{" + tokens + "}";
  }

  /**
   * Configures a {@link MicrosoftOAuth}; the flow is required. Of the HTTP settings ({@link
   * HttpSettings.Setters}) the token endpoint calls use the timeouts, the OkHttp client and the
   * clock (which turns {@code expires_in} into an expiry); they are never retried here.
   */
  public static final class Builder extends HttpSettings.Setters<Builder> {
    private final String clientId;
    private final String clientSecret;
    private final String redirectUri;
    private String loginUrl = DEFAULT_LOGIN_URL;
    private String authority = DEFAULT_AUTHORITY;
    private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.publicHttps();
    private @Nullable AuthorizationFlow flow;

    private Builder(String clientId, String clientSecret, String redirectUri) {
      super(HttpSettings.defaults());
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
     * Sets who may sign in: {@code organizations} (default), {@code common}, {@code consumers}, or
     * one directory's id or domain.
     *
     * @param authority the authority segment of the endpoints
     * @return this builder
     */
    public Builder authority(String authority) {
      this.authority = Checks.notBlank(authority, "authority");
      return this;
    }

    /**
     * Sets the identity platform's root (a national cloud, or a fake in tests).
     *
     * @param url the root; {@link #DEFAULT_LOGIN_URL} if not set
     * @return this builder
     */
    public Builder loginUrl(String url) {
      this.loginUrl = Checks.notBlank(url, "loginUrl");
      return this;
    }

    /**
     * What the {@linkplain #loginUrl login root} may be (it receives the client secret): {@link
     * BaseUrlPolicy#publicHttps()} by default.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder baseUrlPolicy(BaseUrlPolicy policy) {
      this.baseUrlPolicy = Checks.notNull(policy, "baseUrlPolicy");
      return this;
    }

    /**
     * Builds the OAuth side.
     *
     * @return it, thread-safe
     * @throws ValidationException naming the field, when the flow, the client id, the secret or the
     *     redirect URI is missing, or the authority is not a plain segment
     */
    public MicrosoftOAuth build() {
      return new MicrosoftOAuth(this, httpSettings());
    }

    @Override
    protected Builder self() {
      return this;
    }
  }
}
