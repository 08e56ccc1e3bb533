package dev.cita.scheduling.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.token.AuthorizationStart;
import dev.cita.scheduling.token.InvalidGrantException;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.PendingAuthorization;
import dev.cita.scheduling.token.TokenRefresher;
import dev.cita.scheduling.token.TokenRevoker;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import okhttp3.Credentials;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;
import org.jspecify.annotations.Nullable;

/**
 * The provider side of an RFC 6749 authorization-code flow with PKCE, shared by the adapters whose
 * provider speaks plain OAuth (Calendly, Cal.com): it builds the authorization URL for an {@link
 * AuthorizationStart}, exchanges the callback's code, and refreshes tokens as a {@link
 * TokenRefresher} for {@link dev.cita.scheduling.token.CredentialManager}.
 *
 * <pre>{@code
 * OAuthTokenClient oauth = OAuthTokenClient.builder("calendly")
 *     .authorizeUrl("https://auth.calendly.com/oauth/authorize")
 *     .tokenUrl("https://auth.calendly.com/oauth/token")
 *     .client(clientId, clientSecret, OAuthTokenClient.ClientAuth.BASIC)
 *     .redirectUri("https://app.example.com/oauth/calendly/callback")
 *     .build();
 * String url = oauth.authorizationUrl(flow.begin(tenant, "calendly"));
 * TokenResponse tokens = oauth.exchange(code, flow.complete(state, "calendly"));
 * }</pre>
 *
 * <p>With a {@linkplain Builder#revokeUrl revocation endpoint} it also revokes tokens (RFC 7009)
 * through {@link #revoker()}, which {@code CredentialManager} calls when a tenant disconnects.
 *
 * <p>Each call makes one attempt: the token endpoint is never retried here, because a refresh token
 * may be single-use and a second send of it could lose the connection; {@code CredentialManager}
 * decides about retries. A 400/401 answer whose {@code error} is {@code invalid_grant} becomes
 * {@link InvalidGrantException}; every other failure a {@link ProviderException}. Neither ever
 * carries a token, code or secret in its message.
 */
public final class OAuthTokenClient implements TokenRefresher {
  /** How the client proves who it is at the token endpoint (RFC 6749 section 2.3.1). */
  public enum ClientAuth {
    /** HTTP Basic with client id and secret (Calendly). */
    BASIC,
    /** {@code client_id} and {@code client_secret} in the form body (Cal.com). */
    BODY
  }

  private final String provider;
  private final HttpUrl authorizeUrl;
  private final HttpUrl tokenUrl;
  private final @Nullable HttpUrl revokeUrl;
  private final ClientAuth revokeAuth;
  private final String clientId;
  private final @Nullable String clientSecret;
  private final ClientAuth clientAuth;
  private final String redirectUri;
  private final List<String> scopes;
  private final Map<String, String> extraAuthorizeParams;
  private final AccountReader accountReader;
  private final Clock clock;
  private final ProviderHttpClient http;

  private OAuthTokenClient(Builder b) {
    this.provider = b.provider;
    this.authorizeUrl = required(b.authorizeUrl, "oauth.authorizeUrl");
    this.tokenUrl = required(b.tokenUrl, "oauth.tokenUrl");
    this.revokeUrl = b.revokeUrl;
    this.revokeAuth = b.revokeAuth;
    this.clientId = Checks.notBlank(b.clientId, "oauth.clientId");
    this.clientSecret = b.clientSecret;
    this.clientAuth = Checks.notNull(b.clientAuth, "oauth.clientAuth");
    if ((clientAuth == ClientAuth.BASIC || (revokeUrl != null && revokeAuth == ClientAuth.BASIC))
        && (clientSecret == null || clientSecret.isBlank())) {
      throw new ValidationException(
          "oauth.clientSecret", "is required for Basic client authentication");
    }
    this.redirectUri = Checks.notBlank(b.redirectUri, "oauth.redirectUri");
    this.scopes = List.copyOf(b.scopes);
    this.extraAuthorizeParams = Map.copyOf(b.extraAuthorizeParams);
    this.accountReader = b.accountReader;
    this.clock = b.clock;
    ProviderHttpClient.Builder http =
        ProviderHttpClient.builder(provider)
            .baseUrl(tokenUrl.newBuilder().encodedPath("/").query(null).build())
            .config(b.config)
            .errorFormat(ErrorFormat.jsonPointers("/error", "/error_description"))
            .retryPolicy(RetryPolicy.noRetries())
            .clock(clock);
    if (b.okHttpClient != null) {
      http.okHttpClient(b.okHttpClient);
    }
    this.http = http.build();
  }

  /**
   * Starts a client for one provider.
   *
   * @param provider the id used in credentials, for example {@code "calcom"}
   * @return a builder that needs the two URLs, the client and the redirect URI
   * @throws ValidationException if the provider is blank
   */
  public static Builder builder(String provider) {
    return new Builder(Checks.notBlank(provider, "provider"));
  }

  /** {@return the provider's id, as given to {@link #builder(String)}} */
  public String provider() {
    return provider;
  }

  /**
   * The URL to send the tenant's browser to: {@code response_type=code}, client id, redirect URI,
   * the start's one-time {@code state}, its S256 PKCE challenge, the scopes, and any extra
   * parameters configured on the builder.
   *
   * @param start the one-time state and PKCE challenge of this attempt, begun for this provider
   * @return the absolute URL
   * @throws ValidationException if {@code start} was begun for another provider
   */
  public String authorizationUrl(AuthorizationStart start) {
    return authorizationUrl(start, Map.of());
  }

  /**
   * As {@link #authorizationUrl(AuthorizationStart)}, plus per-call parameters such as a login
   * hint.
   *
   * @param start the one-time state and PKCE challenge of this attempt, begun for this provider
   * @param extraParams query parameters added after the configured ones
   * @return the absolute URL
   * @throws ValidationException if {@code start} was begun for another provider
   */
  public String authorizationUrl(AuthorizationStart start, Map<String, String> extraParams) {
    Checks.notNull(start, "start");
    Checks.notNull(extraParams, "extraParams");
    if (!start.provider().equals(provider)) {
      throw new ValidationException(
          "start.provider", "was started for " + start.provider() + ", not " + provider);
    }
    HttpUrl.Builder url =
        authorizeUrl
            .newBuilder()
            .addQueryParameter("response_type", "code")
            .addQueryParameter("client_id", clientId)
            .addQueryParameter("redirect_uri", redirectUri)
            .addQueryParameter("state", start.state())
            .addQueryParameter("code_challenge", start.codeChallenge())
            .addQueryParameter("code_challenge_method", start.codeChallengeMethod());
    if (!scopes.isEmpty()) {
      url.addQueryParameter("scope", String.join(" ", scopes));
    }
    extraAuthorizeParams.forEach(url::addQueryParameter);
    extraParams.forEach(url::addQueryParameter);
    return url.build().toString();
  }

  /**
   * Exchanges the callback's {@code code} (grant {@code authorization_code}, with the PKCE verifier
   * of the pending authorization).
   *
   * @param code the {@code code} query parameter of the callback
   * @param pending what the flow kept for the callback's {@code state}
   * @return the tokens; the account is read by the {@linkplain Builder#accountReader account
   *     reader}, if any
   * @throws InvalidGrantException when the code is unknown, used or expired
   * @throws ProviderException for any other failure of the token endpoint, or a response without an
   *     access token
   */
  public TokenResponse exchange(String code, PendingAuthorization pending) {
    Checks.notBlank(code, "code");
    Checks.notNull(pending, "pending");
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "authorization_code")
            .add("code", code)
            .add("redirect_uri", redirectUri)
            .add("code_verifier", pending.codeVerifier());
    return post(form, null);
  }

  /**
   * Refreshes {@code current} (grant {@code refresh_token}). The result keeps the current refresh
   * token when the provider did not rotate it, and the current account.
   */
  @Override
  public OAuthCredential refresh(OAuthCredential current) {
    Checks.notNull(current, "current");
    String refreshToken =
        current
            .refreshToken()
            .orElseThrow(
                () -> new InvalidGrantException(provider + " credential has no refresh token"));
    FormBody.Builder form =
        new FormBody.Builder()
            .add("grant_type", "refresh_token")
            .add("refresh_token", refreshToken);
    return post(form, current).credential(current.accountId());
  }

  /**
   * The revoker to register with {@code CredentialManager} for this provider: it posts the
   * credential's refresh token (or, without one, its access token) as {@code token} to the
   * revocation endpoint, with the client's authentication, in one attempt; a 2xx answer means
   * revoked. A credential with neither a refresh token nor an expiry was not issued by the token
   * endpoint (a personal access token or an API key pasted by the tenant): it is not sent, and the
   * revoker answers false. Any other answer is a {@link ProviderException} (retryable for a network
   * failure, 408, 429 and 5xx) whose message carries no token or secret.
   *
   * @return the revoker
   * @throws ValidationException on {@code oauth.revokeUrl} if no revocation endpoint is configured
   */
  public TokenRevoker revoker() {
    HttpUrl url = revokeUrl;
    if (url == null) {
      throw new ValidationException(
          "oauth.revokeUrl", "is not set: " + provider + " tokens cannot be revoked");
    }
    return credential -> revoke(url, Checks.notNull(credential, "credential"));
  }

  private boolean revoke(HttpUrl url, OAuthCredential credential) {
    if (credential.refreshToken().isEmpty() && credential.expiresAt().isEmpty()) {
      return false;
    }
    String token = credential.refreshToken().orElse(credential.accessToken());
    Request request =
        authenticated(
                new Request.Builder().url(url),
                new FormBody.Builder().add("token", token),
                revokeAuth)
            .build();
    // Revoking twice is revoking once (RFC 7009 section 2.2: an invalid token answers 200), so a
    // lost answer is retryable, not an unknown outcome.
    http.execute(Idempotency.mark(request, Idempotency.IDEMPOTENT));
    return true;
  }

  /** Adds the client's authentication ({@code auth}) to the request or the form, then the form. */
  private Request.Builder authenticated(
      Request.Builder request, FormBody.Builder form, ClientAuth auth) {
    request.header("Accept", "application/json");
    if (auth == ClientAuth.BASIC) {
      request.header("Authorization", Credentials.basic(clientId, clientSecret));
    } else {
      form.add("client_id", clientId);
      if (clientSecret != null) {
        form.add("client_secret", clientSecret);
      }
    }
    return request.post(form.build());
  }

  private TokenResponse post(FormBody.Builder form, @Nullable OAuthCredential current) {
    Request request = authenticated(new Request.Builder().url(tokenUrl), form, clientAuth).build();
    JsonNode body;
    try {
      body = http.json().readTree(http.execute(request).body());
    } catch (ProviderException e) {
      if ("invalid_grant".equals(e.providerCode().orElse(""))) {
        throw new InvalidGrantException(provider + " token endpoint answered invalid_grant");
      }
      throw e;
    }
    return read(body, current);
  }

  /**
   * Reads an RFC 6749 token response, or one wrapped as {@code {status, data: {access_token, …}}},
   * as older self-hosted Cal.com servers answer (the wrapper of every Cal.com API v2 answer).
   */
  private TokenResponse read(JsonNode answer, @Nullable OAuthCredential current) {
    JsonNode data = answer.get("data");
    JsonNode body = !answer.has("access_token") && data != null && data.isObject() ? data : answer;
    String accessToken =
        text(body, "access_token").orElseThrow(() -> malformed("has no access_token"));
    // The account is filled in by TokenResponse: known on refresh, read from the body or set later.
    OAuthCredential.Builder credential =
        (current == null
            ? OAuthCredential.builder(provider, "unknown", accessToken)
            : current.toBuilder().accessToken(accessToken));
    text(body, "refresh_token").ifPresent(credential::refreshToken);
    Instant now = clock.instant();
    credential.expiresAt(
        body.hasNonNull("expires_in") && body.get("expires_in").canConvertToLong()
            ? now.plusSeconds(body.get("expires_in").asLong())
            : null);
    Optional<String> scope = text(body, "scope");
    if (scope.isPresent()) {
      credential.scopes(new LinkedHashSet<>(Arrays.asList(scope.get().trim().split("\\s+"))));
    } else if (current == null) {
      credential.scopes(Set.copyOf(scopes));
    }
    Optional<String> account =
        current != null ? Optional.of(current.accountId()) : accountReader.account(body);
    return new TokenResponse(provider, credential, account, body);
  }

  private ProviderException malformed(String what) {
    return new ProviderException(
        provider, 200, null, null, false, provider + " token response " + what, null);
  }

  private static Optional<String> text(JsonNode body, String field) {
    JsonNode n = body.get(field);
    return n == null || n.isNull() || n.asText().isBlank()
        ? Optional.empty()
        : Optional.of(n.asText());
  }

  private static HttpUrl required(@Nullable HttpUrl url, String field) {
    if (url == null) {
      throw new ValidationException(field, "is required");
    }
    return url;
  }

  @Override
  public String toString() {
    return "OAuthTokenClient{" + provider + ", token=" + tokenUrl + ", client=" + clientId + '}';
  }

  /**
   * Reads the provider's account id (and nothing secret) from a token response: Calendly sends
   * {@code owner}, other providers need a call to a "me" endpoint afterwards.
   */
  @FunctionalInterface
  public interface AccountReader {
    /**
     * Reads the account id.
     *
     * @param tokenResponse the token endpoint's JSON answer (unwrapped when the provider wraps it)
     * @return the provider's account id, or empty when the answer does not name it
     */
    Optional<String> account(JsonNode tokenResponse);

    /**
     * A reader of a top-level string field.
     *
     * @param name the field, such as Calendly's {@code owner}
     * @return the reader; it reads a missing, null or blank field as empty
     */
    static AccountReader field(String name) {
      return body -> text(body, name);
    }
  }

  /**
   * A token endpoint's answer: the credential built from it, and the raw JSON for provider fields
   * (e.g. Calendly's {@code organization}). {@link #toString()} shows no token.
   */
  public static final class TokenResponse {
    private final String provider;
    private final OAuthCredential.Builder credential;
    private final Optional<String> account;
    private final JsonNode body;

    TokenResponse(
        String provider,
        OAuthCredential.Builder credential,
        Optional<String> account,
        JsonNode body) {
      this.provider = provider;
      this.credential = credential;
      this.account = account;
      this.body = body;
    }

    /**
     * {@return the provider account the tokens belong to, or empty when the response does not name
     * it}
     */
    public Optional<String> account() {
      return account;
    }

    /**
     * The credential, for the account the response named.
     *
     * @return the credential, with the access token, refresh token, expiry and scopes of the
     *     response
     * @throws ProviderException when it named none: use {@link #credential(String)}
     */
    public OAuthCredential credential() {
      return credential(
          account.orElseThrow(
              () ->
                  new ProviderException(
                      provider,
                      200,
                      null,
                      null,
                      false,
                      provider + " token response names no account",
                      null)));
    }

    /**
     * The credential for an account the adapter read itself, with a "me" call made with {@link
     * #accessToken()}.
     *
     * @param accountId the provider's id of the connected account
     * @return the credential, with the access token, refresh token, expiry and scopes of the
     *     response
     */
    public OAuthCredential credential(String accountId) {
      return credential.build().toBuilder().accountId(accountId).build();
    }

    /** {@return the new access token, for the adapter's first call (which account is this?)} */
    public String accessToken() {
      return credential.build().accessToken();
    }

    /**
     * A non-secret string field of the response; never use it for the tokens themselves.
     *
     * @param name a top-level field, such as Calendly's {@code organization}
     * @return its text, or empty when it is missing, null or blank
     */
    public Optional<String> field(String name) {
      return text(body, name);
    }

    @Override
    public String toString() {
      return "TokenResponse{" + provider + ", account=" + account.orElse("?") + '}';
    }
  }

  /** Collects the configuration of an {@link OAuthTokenClient}; {@link #build()} validates it. */
  public static final class Builder {
    private final String provider;
    private @Nullable HttpUrl authorizeUrl;
    private @Nullable HttpUrl tokenUrl;
    private @Nullable HttpUrl revokeUrl;
    private ClientAuth revokeAuth = ClientAuth.BODY;
    private @Nullable String clientId;
    private @Nullable String clientSecret;
    private ClientAuth clientAuth = ClientAuth.BASIC;
    private @Nullable String redirectUri;
    private final List<String> scopes = new java.util.ArrayList<>();
    private final Map<String, String> extraAuthorizeParams = new LinkedHashMap<>();
    private AccountReader accountReader = body -> Optional.empty();
    private Clock clock = Clock.systemUTC();
    private HttpClientConfig config = HttpClientConfig.defaults();
    private okhttp3.@Nullable OkHttpClient okHttpClient;

    private Builder(String provider) {
      this.provider = provider;
    }

    /**
     * Sets the provider's authorization endpoint, where the tenant's browser is sent.
     *
     * @param url an http(s) URL, such as {@code https://auth.calendly.com/oauth/authorize}
     * @return this builder
     * @throws ValidationException if it is blank or not an http(s) URL
     */
    public Builder authorizeUrl(String url) {
      this.authorizeUrl = parse(url, "oauth.authorizeUrl");
      return this;
    }

    /**
     * Sets the provider's token endpoint, where codes are exchanged and tokens refreshed.
     *
     * @param url an http(s) URL, such as {@code https://auth.calendly.com/oauth/token}
     * @return this builder
     * @throws ValidationException if it is blank or not an http(s) URL
     */
    public Builder tokenUrl(String url) {
      this.tokenUrl = parse(url, "oauth.tokenUrl");
      return this;
    }

    /**
     * Sets the provider's token revocation endpoint (RFC 7009), which {@link #revoker()} posts to;
     * none by default.
     *
     * @param url an http(s) URL, such as {@code https://auth.calendly.com/oauth/revoke}
     * @param auth how the client proves who it is there (Calendly: {@link ClientAuth#BODY})
     * @return this builder
     * @throws ValidationException if it is blank or not an http(s) URL
     */
    public Builder revokeUrl(String url, ClientAuth auth) {
      this.revokeUrl = parse(url, "oauth.revokeUrl");
      this.revokeAuth = Checks.notNull(auth, "oauth.revokeAuth");
      return this;
    }

    /**
     * Sets the OAuth client registered with the provider.
     *
     * @param clientId the client id
     * @param clientSecret the client secret; may be null only with {@link ClientAuth#BODY} (a
     *     public client)
     * @param auth how the client proves who it is at the token endpoint; {@link ClientAuth#BASIC}
     *     if not set
     * @return this builder
     */
    public Builder client(String clientId, String clientSecret, ClientAuth auth) {
      this.clientId = clientId;
      this.clientSecret = clientSecret;
      this.clientAuth = auth;
      return this;
    }

    /**
     * Sets the callback URL, exactly as registered with the provider.
     *
     * @param redirectUri the absolute URL the provider sends the browser back to
     * @return this builder
     */
    public Builder redirectUri(String redirectUri) {
      this.redirectUri = redirectUri;
      return this;
    }

    /**
     * The scopes to ask for, sent space-separated; none by default.
     *
     * @param scopes the scopes, replacing any set before; none may be blank
     * @return this builder
     */
    public Builder scopes(List<String> scopes) {
      this.scopes.clear();
      for (String s : Checks.notNull(scopes, "oauth.scopes")) {
        this.scopes.add(Checks.notBlank(s, "oauth.scopes[]"));
      }
      return this;
    }

    /**
     * A fixed parameter added to every authorization URL.
     *
     * @param name the query parameter, not blank
     * @param value its value
     * @return this builder
     */
    public Builder authorizeParam(String name, String value) {
      extraAuthorizeParams.put(
          Checks.notBlank(name, "oauth.authorizeParam.name"),
          Checks.notNull(value, "oauth.authorizeParam.value"));
      return this;
    }

    /**
     * How to read the account id from a code exchange's response; without it, set it yourself.
     *
     * @param reader the reader; by default none, and {@link TokenResponse#account()} is empty
     * @return this builder
     */
    public Builder accountReader(AccountReader reader) {
      this.accountReader = Checks.notNull(reader, "oauth.accountReader");
      return this;
    }

    /**
     * Sets the clock that turns a response's {@code expires_in} into an expiry instant.
     *
     * @param clock the clock; {@link Clock#systemUTC()} if not set
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * Sets the timeouts, user agent and body limit of the token endpoint calls.
     *
     * @param config the transport settings; {@link HttpClientConfig#defaults()} if not set
     * @return this builder
     */
    public Builder config(HttpClientConfig config) {
      this.config = Checks.notNull(config, "config");
      return this;
    }

    /**
     * A base OkHttp client to share connection pools with; timeouts are set from the config.
     *
     * @param okHttpClient the client to derive from; a new one if not set
     * @return this builder
     */
    public Builder okHttpClient(okhttp3.OkHttpClient okHttpClient) {
      this.okHttpClient = Checks.notNull(okHttpClient, "okHttpClient");
      return this;
    }

    /**
     * Builds the client.
     *
     * @return the client, immutable and thread-safe
     * @throws ValidationException naming the field, when a URL, the client id or the redirect URI
     *     is missing, or the secret is missing with {@link ClientAuth#BASIC}
     */
    public OAuthTokenClient build() {
      return new OAuthTokenClient(this);
    }

    private static HttpUrl parse(String url, String field) {
      HttpUrl parsed = HttpUrl.parse(Checks.notBlank(url, field));
      if (parsed == null) {
        throw new ValidationException(field, "is not an http(s) URL");
      }
      return parsed;
    }
  }
}
