package dev.cita.scheduling.google;

import com.google.api.client.http.GenericUrl;
import com.google.api.client.http.HttpResponseException;
import com.google.api.client.http.UrlEncodedContent;
import com.google.api.services.calendar.model.Events;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ClientId;
import com.google.auth.oauth2.PKCEProvider;
import com.google.auth.oauth2.UserAuthorizer;
import com.google.auth.oauth2.UserCredentials;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.google.internal.GoogleCalls;
import dev.cita.scheduling.google.internal.GoogleHttp;
import dev.cita.scheduling.google.internal.TokenErrors;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
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
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects tenants' Google accounts: the consent URL (offline access, consent prompt, one-time
 * state, PKCE S256, login hint, the configured scopes), the callback (state checked once, code
 * exchanged, credential stored through {@link CredentialManager} and so encrypted, connection
 * {@code CONNECTED}), and disconnecting (revoked at Google, deleted here). Thread-safe.
 *
 * <pre>{@code
 * GoogleOAuth oauth = GoogleOAuth.builder(config)
 *     .credentialManager(credentials).authorizationStates(stateStore).build();
 * GoogleAuthorizationUrl start = oauth.authorizationUrl(clinic, "agenda@clinica.cl");
 * // redirect the tenant to start.url(); on the callback:
 * ConnectionKey connection = oauth.completeAuthorization(stateParam, codeParam);
 * calendars.assign(clinic, drAna, connection, "primary");
 * }</pre>
 *
 * <p>The account e-mail (the connection's account id) is read after the exchange with
 * {@code events.list("primary")}: its {@code summary} is the primary calendar's name, which Google
 * sets to the account's e-mail. That call needs only the {@code calendar.events} scope; an id token
 * would need {@code openid email}, and {@code calendars.get} a broader calendar scope.
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
    Checks.notNull(b.states, "google.authorizationStates");
    this.clock = b.clock;
    this.flow = AuthorizationFlow.create(b.states, clock);
    this.http = new GoogleHttp(config);
    this.authorizer = UserAuthorizer.newBuilder()
        .setClientId(ClientId.of(config.clientId(), config.clientSecret()))
        .setScopes(config.scopes())
        .setCallbackUri(config.redirectUri())
        .setUserAuthUri(config.authorizationUri())
        .setTokenServerUri(config.tokenUri())
        .setHttpTransportFactory(http.transportFactory())
        .build();
    this.calls = new GoogleCalls(http.calendar(), credentials, config, clock, b.sleeper, b.random);
  }

  public static Builder builder(GoogleConfig config) {
    return new Builder(Checks.notNull(config, "config"));
  }

  /** {@link #authorizationUrl(TenantId, String)} without a login hint. */
  public GoogleAuthorizationUrl authorizationUrl(TenantId tenant) {
    return start(tenant, null);
  }

  /**
   * Starts connecting a tenant: a one-time state and PKCE pair are remembered, and the URL to send
   * the tenant to is returned.
   *
   * @param loginHint the Google account the tenant is expected to use, pre-filled on the consent page
   */
  public GoogleAuthorizationUrl authorizationUrl(TenantId tenant, String loginHint) {
    return start(tenant, Checks.notBlank(loginHint, "loginHint"));
  }

  private GoogleAuthorizationUrl start(TenantId tenant, String loginHint) {
    Checks.notNull(tenant, "tenant");
    AuthorizationStart start = flow.begin(tenant, PROVIDER);
    Map<String, String> extra = new HashMap<>();
    // UserAuthorizer always adds the legacy approval_prompt=force, which Google refuses next to
    // prompt: a null value drops it from the URL, and prompt=consent asks for it the current way.
    extra.put("approval_prompt", null);
    extra.put("prompt", "consent");
    URI url;
    try {
      url = authorizer.toBuilder().setPKCEProvider(pkce(Pkce.of(start.codeVerifier()))).build()
          .getAuthorizationUrl(loginHint, start.state(), null, extra).toURI();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("google-auth built an invalid authorization URL", e);
    }
    return new GoogleAuthorizationUrl(tenant, url, start.state(), start.expiresAt());
  }

  /**
   * Handles the redirect back from Google, given the full callback URL: its {@code state} and
   * {@code code}, or the {@code error} Google sent when the tenant declined.
   *
   * @throws ValidationException naming {@code state} or {@code code} when the callback is refused
   */
  public ConnectionKey handleCallback(URI callback) {
    Checks.notNull(callback, "callback");
    Map<String, String> query = query(callback.getRawQuery());
    String error = query.get("error");
    if (error != null) {
      // Use the state up so the same link cannot be replayed, then report what Google said.
      flow.complete(query.get("state"), PROVIDER);
      throw new ValidationException("code", "Google returned no authorization code: " + sanitize(error));
    }
    return completeAuthorization(query.get("state"), query.get("code"));
  }

  /**
   * Completes a connection: checks the one-time state, exchanges the code (with the PKCE verifier)
   * at the token endpoint, reads the account e-mail, stores the credential and marks the connection
   * {@code CONNECTED}.
   *
   * @return the new connection, whose {@code account} is the Google account e-mail
   * @throws ValidationException if the code is missing or the state is missing, unknown, used or expired
   * @throws ProviderException if Google refused the code or could not be reached
   */
  public ConnectionKey completeAuthorization(String state, String code) {
    if (code == null || code.isBlank()) {
      throw new ValidationException("code", "is missing");
    }
    PendingAuthorization pending = flow.complete(state, PROVIDER);
    UserCredentials user;
    try {
      user = authorizer.toBuilder().setPKCEProvider(pkce(Pkce.of(pending.codeVerifier()))).build()
          .getCredentialsFromCode(code, null);
    } catch (IOException e) {
      throw TokenErrors.of("authorization code exchange", e, http.json(), false);
    }
    AccessToken access = user.getAccessToken();
    String email = accountEmail(access.getTokenValue());
    ConnectionKey connection = ConnectionKey.of(pending.tenant(), PROVIDER, email);
    Set<String> scopes = access.getScopes() == null || access.getScopes().isEmpty()
        ? new LinkedHashSet<>(config.scopes()) : new LinkedHashSet<>(access.getScopes());
    OAuthCredential credential = OAuthCredential.builder(PROVIDER, email, access.getTokenValue())
        .accountEmail(email)
        .refreshToken(user.getRefreshToken())
        .expiresAt(access.getExpirationTime() == null ? null : TokenErrors.expiry(access.getExpirationTime(), clock))
        .scopes(scopes)
        .build();
    if (user.getRefreshToken() == null) {
      log.warn("Google issued no refresh token for {}; it must authorize again when the access token expires",
          connection);
    }
    credentials.connect(connection, credential);
    log.info("connected {}", connection);
    return connection;
  }

  private String accountEmail(String accessToken) {
    Events primary = calls.executeWithToken(accessToken, "events.list(primary)",
        c -> c.events().list("primary").setMaxResults(1).setFields("summary"));
    String email = primary.getSummary();
    if (email == null || !email.contains("@")) {
      throw new ProviderException(PROVIDER, 0, "noAccountEmail", null, false,
          "the primary calendar did not name the account's e-mail", null);
    }
    return email;
  }

  /**
   * Disconnects a tenant's account: revokes the grant at Google, then deletes the credential here
   * and marks the connection {@code NOT_CONNECTED}. Stop the connection's push channels first
   * ({@link GooglePushChannels#stopAll}); they need the grant. A grant Google already considers
   * invalid is simply deleted.
   *
   * @return true if a credential was stored
   * @throws ProviderException if Google could not be reached; nothing is deleted then, so call again
   */
  public boolean disconnect(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    OAuthCredential credential = null;
    try {
      credential = credentials.credential(connection);
    } catch (ReauthorizationRequiredException | NotFoundException gone) {
      log.info("{} has no working grant to revoke ({})", connection, gone.getClass().getSimpleName());
    }
    if (credential != null) {
      revoke(credential.refreshToken().orElse(credential.accessToken()));
    }
    return credentials.disconnect(connection);
  }

  private void revoke(String token) {
    Map<String, String> form = Map.of("token", token);
    try {
      http.requestFactory().buildPostRequest(new GenericUrl(config.revokeUri()), new UrlEncodedContent(form)).execute()
          .disconnect();
    } catch (HttpResponseException e) {
      if (e.getStatusCode() == 400) {
        log.info("Google says the grant was already revoked or expired");
        return;
      }
      throw new ProviderException(PROVIDER, e.getStatusCode(), null, null, e.getStatusCode() >= 500 || e.getStatusCode() == 429,
          "token revocation failed", null);
    } catch (IOException e) {
      throw ProviderException.network(PROVIDER, "token revocation failed: " + e.getClass().getSimpleName(), null);
    }
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
      String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
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
    private CredentialManager credentials;
    private AuthorizationStateStore states;
    private Clock clock = Clock.systemUTC();
    private Sleeper sleeper = Sleeper.threadSleep();
    private RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();

    private Builder(GoogleConfig config) {
      this.config = config;
    }

    /** Stores credentials (encrypted) and statuses. Required. */
    public Builder credentialManager(CredentialManager credentials) {
      this.credentials = Checks.notNull(credentials, "credentialManager");
      return this;
    }

    /** Remembers started authorizations until their callback. Required. */
    public Builder authorizationStates(AuthorizationStateStore states) {
      this.states = Checks.notNull(states, "authorizationStates");
      return this;
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Checks.notNull(sleeper, "sleeper");
      return this;
    }

    public Builder random(RandomGenerator random) {
      this.random = Checks.notNull(random, "random");
      return this;
    }

    public GoogleOAuth build() {
      return new GoogleOAuth(this);
    }
  }
}
