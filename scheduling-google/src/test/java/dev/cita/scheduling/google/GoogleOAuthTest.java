package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.token.AuthorizationStateException;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.token.Pkce;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleOAuthTest extends GoogleTestSupport {
  /** Everything asked for granted, with the ID token that {@code openid email} brings. */
  private static final String TOKEN_RESPONSE =
      tokenResponse(
          idToken(EMAIL, true),
          "openid",
          USERINFO_EMAIL,
          GoogleConfig.SCOPE_EVENTS,
          GoogleConfig.SCOPE_FREEBUSY);

  /**
   * Google's answer to a call whose token lacks the scope (calendars.get needs a calendar-wide
   * scope).
   */
  private static final String INSUFFICIENT_SCOPES =
      """
      {"error":{"code":403,"message":"Request had insufficient authentication scopes.",
       "errors":[{"message":"Insufficient Permission","domain":"global","reason":"insufficientPermissions"}],
       "status":"PERMISSION_DENIED"}}\
      """;

  private GoogleOAuth oauth() {
    return GoogleOAuth.builder(config)
        .credentialManager(credentials)
        .authorizationStates(states)
        .clock(clock)
        .build();
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private void stubExchange() {
    google.stubFor(post("/token").willReturn(okJson(TOKEN_RESPONSE)));
  }

  @Test
  void
      authorizationUrlAsksForOfflineAccessWithConsentPkceTheAccountEmailAndOnlyTheCalendarScopes() {
    GoogleAuthorizationUrl start = oauth().authorizationUrl(CLINIC, EMAIL);

    URI url = start.url();
    assertThat(url.getScheme() + "://" + url.getAuthority() + url.getPath())
        .isEqualTo(google.baseUrl() + "/o/oauth2/auth");
    Map<String, String> q = query(url.getRawQuery());
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "client-123.apps.googleusercontent.com")
        .containsEntry("redirect_uri", "http://localhost:60000/oauth/callback")
        .containsEntry(
            "scope",
            "openid email " + GoogleConfig.SCOPE_EVENTS + " " + GoogleConfig.SCOPE_FREEBUSY)
        .containsEntry("access_type", "offline")
        .containsEntry("prompt", "consent")
        .containsEntry("include_granted_scopes", "true")
        .containsEntry("login_hint", EMAIL)
        .containsEntry("state", start.state())
        .containsEntry("code_challenge_method", "S256")
        .doesNotContainKey("approval_prompt");
    assertThat(q.get("code_challenge")).matches("[A-Za-z0-9_-]{43}");
    assertThat(start.expiresAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    assertThat(start.toString()).doesNotContain(start.state());
  }

  @Test
  void callbackExchangesTheCodeWithTheVerifierStoresTheCredentialAndMarksTheConnectionConnected() {
    // Account e-mail, source 1 (issue 15): the email claim of the ID token in the code-exchange
    // answer.
    stubExchange();
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);
    String challenge = query(start.url().getRawQuery()).get("code_challenge");

    ConnectionKey connection =
        oauth.handleCallback(
            URI.create(
                "http://localhost:60000/oauth/callback?state="
                    + start.state()
                    + "&code=4%2F0Acode&scope=x"));

    assertThat(connection).isEqualTo(CONNECTION);
    List<LoggedRequest> exchanges = google.findAll(postRequestedFor(urlEqualTo("/token")));
    assertThat(exchanges).hasSize(1);
    Map<String, String> form = query(exchanges.get(0).getBodyAsString());
    assertThat(form)
        .containsEntry("grant_type", "authorization_code")
        .containsEntry("code", "4/0Acode")
        .containsEntry("redirect_uri", "http://localhost:60000/oauth/callback")
        .containsEntry("client_id", "client-123.apps.googleusercontent.com")
        .containsEntry("client_secret", CLIENT_SECRET);
    assertThat(Pkce.s256Challenge(form.get("code_verifier"))).isEqualTo(challenge);
    assertThat(form.keySet())
        .containsExactlyInAnyOrder(
            "grant_type", "code", "redirect_uri", "client_id", "client_secret", "code_verifier");
    assertThat(google.getAllServeEvents())
        .as("the e-mail came from the ID token: no Calendar call")
        .hasSize(1);

    OAuthCredential stored = tokens.load(CONNECTION).orElseThrow();
    assertThat(stored.accessToken()).isEqualTo("ya29.fresh-SECRET");
    assertThat(stored.refreshToken()).contains("1//fresh-refresh-SECRET");
    assertThat(stored.expiresAt()).contains(T0.plusSeconds(3599));
    assertThat(stored.scopes())
        .containsExactlyInAnyOrder(
            "openid", USERINFO_EMAIL, GoogleConfig.SCOPE_EVENTS, GoogleConfig.SCOPE_FREEBUSY);
    assertThat(stored.accountEmail()).contains(EMAIL);
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.CONNECTED);
    assertThat(oauth.grant(CONNECTION).limitations()).isEmpty();
  }

  @Test
  void withoutAnIdTokenTheAccountIsThePrimaryCalendarsId() {
    // Account e-mail, source 2 (issue 15): an app configured without openid email gets no id_token;
    // the
    // primary calendar's id is the account e-mail
    // (developers.google.com/calendar/api/v3/reference/calendars,
    // "id"); calendars.get needs a calendar-wide scope, here the full calendar scope.
    GoogleConfig calendarOnly = configBuilder().scopes(List.of(GoogleGrant.SCOPE_CALENDAR)).build();
    google.stubFor(
        post("/token").willReturn(okJson(tokenResponse(null, GoogleGrant.SCOPE_CALENDAR))));
    google.stubFor(
        get(urlPathEqualTo("/calendar/v3/calendars/primary"))
            .willReturn(okJson("{\"id\":\"" + EMAIL + "\"}")));
    GoogleOAuth oauth =
        GoogleOAuth.builder(calendarOnly)
            .credentialManager(credentials)
            .authorizationStates(states)
            .clock(clock)
            .build();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);
    assertThat(query(start.url().getRawQuery())).containsEntry("scope", GoogleGrant.SCOPE_CALENDAR);

    assertThat(oauth.completeAuthorization(start.state(), "code")).isEqualTo(CONNECTION);

    google.verify(
        1,
        getRequestedFor(urlEqualTo("/calendar/v3/calendars/primary?fields=id"))
            .withHeader("Authorization", equalTo("Bearer ya29.fresh-SECRET")));
    assertThat(google.getAllServeEvents()).hasSize(2);
    assertThat(tokens.load(CONNECTION).orElseThrow().scopes())
        .containsExactly(GoogleGrant.SCOPE_CALENDAR);
    assertThat(oauth.grant(CONNECTION).limitations())
        .as("the full calendar scope covers events and free/busy")
        .isEmpty();
  }

  @Test
  void anUnverifiedIdTokenEmailIsNotTakenAndTheCalendarIdIsUsed() {
    google.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    tokenResponse(
                        idToken("someone@else.example", false),
                        "openid",
                        USERINFO_EMAIL,
                        GoogleConfig.SCOPE_EVENTS,
                        GoogleGrant.SCOPE_CALENDAR_READONLY))));
    google.stubFor(
        get(urlPathEqualTo("/calendar/v3/calendars/primary"))
            .willReturn(okJson("{\"id\":\"" + EMAIL + "\"}")));
    GoogleOAuth oauth = oauth();

    assertThat(oauth.completeAuthorization(oauth.authorizationUrl(CLINIC).state(), "code"))
        .isEqualTo(CONNECTION);
    google.verify(1, getRequestedFor(urlEqualTo("/calendar/v3/calendars/primary?fields=id")));
  }

  @Test
  void noIdTokenAndCalendarsGetRefusedNamesTheMissingEmailScopeAndStoresNothing() {
    // What Google answers a grant of only the two calendar scopes (no openid email): no id_token,
    // and
    // calendars.get refused for insufficient scopes.
    google.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    tokenResponse(null, GoogleConfig.SCOPE_EVENTS, GoogleConfig.SCOPE_FREEBUSY))));
    google.stubFor(
        get(urlPathEqualTo("/calendar/v3/calendars/primary"))
            .willReturn(
                aResponse()
                    .withStatus(403)
                    .withHeader("Content-Type", "application/json")
                    .withBody(INSUFFICIENT_SCOPES)));
    GoogleOAuth oauth = oauth();

    assertThatThrownBy(
            () -> oauth.completeAuthorization(oauth.authorizationUrl(CLINIC).state(), "code"))
        .isInstanceOfSatisfying(
            GoogleScopeNotGrantedException.class,
            e -> {
              assertThat(e.field()).isEqualTo("scope");
              assertThat(e.missingScopes()).containsExactly("openid", "email");
              assertThat(e.getMessage()).contains("openid email").doesNotContain("SECRET");
            });
    assertThat(tokens.list(CLINIC)).isEmpty();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  @Test
  void aStateIsAcceptedOnlyOnce() {
    stubExchange();
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);
    oauth.completeAuthorization(start.state(), "code-1");

    assertThatThrownBy(() -> oauth.completeAuthorization(start.state(), "code-2"))
        .isInstanceOf(AuthorizationStateException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("state"));
    google.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void anExpiredStateIsRefusedWithoutCallingGoogle() {
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);
    clock.advance(Duration.ofMinutes(11));

    assertThatThrownBy(() -> oauth.completeAuthorization(start.state(), "code"))
        .isInstanceOf(AuthorizationStateException.class)
        .hasMessageContaining("expired");
    assertThat(google.getAllServeEvents()).isEmpty();
  }

  @Test
  void aMissingCodeIsRefusedAndLeavesTheStateUsable() {
    stubExchange();
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);

    assertThatThrownBy(() -> oauth.completeAuthorization(start.state(), " "))
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("code"));
    assertThat(google.getAllServeEvents()).isEmpty();
    assertThat(oauth.completeAuthorization(start.state(), "code")).isEqualTo(CONNECTION);
  }

  @Test
  void aDeclinedConsentUsesUpTheStateAndStoresNothing() {
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);

    assertThatThrownBy(
            () ->
                oauth.handleCallback(
                    URI.create(
                        "http://localhost:60000/oauth/callback?error=access_denied&state="
                            + start.state())))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("access_denied");
    assertThat(tokens.list(CLINIC)).isEmpty();
    assertThatThrownBy(() -> oauth.completeAuthorization(start.state(), "code"))
        .isInstanceOf(AuthorizationStateException.class);
  }

  @Test
  void aRefusedCodeIsAFinalProviderErrorAndStoresNothing() {
    google.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Bad Request\"}")));
    GoogleOAuth oauth = oauth();
    GoogleAuthorizationUrl start = oauth.authorizationUrl(CLINIC);

    assertThatThrownBy(() -> oauth.completeAuthorization(start.state(), "code"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(400);
              assertThat(e.providerCode()).contains("invalid_grant");
              assertThat(e.isRetryable()).isFalse();
            });
    assertThat(tokens.list(CLINIC)).isEmpty();
  }

  @Test
  void anExpiringTokenIsRefreshedAtTheTokenEndpoint() {
    connect();
    google.stubFor(
        post("/token")
            .willReturn(
                okJson(
                    "{\"access_token\":\"ya29.next-SECRET\",\"expires_in\":3599,"
                        + "\"scope\":\""
                        + GoogleConfig.SCOPE_EVENTS
                        + "\",\"token_type\":\"Bearer\"}")));
    clock.advance(Duration.ofMinutes(59));

    assertThat(credentials.accessToken(CONNECTION)).isEqualTo("ya29.next-SECRET");

    Map<String, String> form =
        query(google.findAll(postRequestedFor(urlEqualTo("/token"))).get(0).getBodyAsString());
    assertThat(form)
        .containsEntry("grant_type", "refresh_token")
        .containsEntry("refresh_token", REFRESH)
        .containsEntry("client_id", "client-123.apps.googleusercontent.com")
        .containsEntry("client_secret", CLIENT_SECRET);
    OAuthCredential stored = tokens.load(CONNECTION).orElseThrow();
    assertThat(stored.refreshToken()).contains(REFRESH);
    assertThat(stored.expiresAt()).contains(clock.instant().plusSeconds(3599));
  }

  @Test
  void invalidGrantOnRefreshMarksTheConnectionForReauthorization() {
    connect();
    google.stubFor(
        post("/token")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_grant\",\"error_description\":\"Token has been"
                            + " expired or revoked.\"}")));
    clock.advance(Duration.ofHours(1));

    assertThatThrownBy(() -> credentials.accessToken(CONNECTION))
        .isInstanceOf(ReauthorizationRequiredException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(REFRESH).doesNotContain(ACCESS));
    assertThat(credentials.status(CONNECTION).status())
        .isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    google.verify(1, postRequestedFor(urlEqualTo("/token")));
  }

  @Test
  void disconnectRevokesTheRefreshTokenAtGoogleAndDeletesItLocally() {
    connect();
    google.stubFor(post("/revoke").willReturn(aResponse().withStatus(200)));

    assertThat(oauth().disconnect(CONNECTION)).isTrue();

    google.verify(
        postRequestedFor(urlEqualTo("/revoke"))
            .withRequestBody(equalTo("token=1%2F%2Frefresh-SECRET")));
    assertThat(tokens.load(CONNECTION)).isEmpty();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  @Test
  void disconnectKeepsTheCredentialRevokingWhenGoogleCannotBeReached() {
    connect();
    google.stubFor(post("/revoke").willReturn(aResponse().withStatus(503)));

    // Until issue 17 this threw a retryable ProviderException; now the retry is the manager's.
    assertThat(oauth().disconnect(CONNECTION)).isTrue();

    assertThat(tokens.load(CONNECTION)).isPresent();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.REVOKING);
    google.verify(1, postRequestedFor(urlEqualTo("/revoke")));
  }

  @Test
  void buildingWithoutTheGoogleRevokerNamesTheCredentialManager() {
    CredentialManager withoutRevoker =
        CredentialManager.builder()
            .clock(clock)
            .credentialStore(tokens)
            .statusStore(statuses)
            .refresher("google", GoogleTokenRefresher.create(config, clock))
            .build();

    assertThatThrownBy(
            () ->
                GoogleOAuth.builder(config)
                    .credentialManager(withoutRevoker)
                    .authorizationStates(states)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("google.credentialManager");
              assertThat(e.getMessage()).contains("GoogleTokenRevoker");
            });
  }

  @Test
  void disconnectRefusesAConnectionOfAnotherProvider() {
    ConnectionKey calendly = ConnectionKey.of(CLINIC, "calendly", "https://api.calendly.com/u/1");

    assertThatThrownBy(() -> oauth().disconnect(calendly))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("connection.provider"));
    google.verify(0, postRequestedFor(urlEqualTo("/revoke")));
  }

  @Test
  void secretsStayOutOfToStrings() {
    assertThat(config.toString()).doesNotContain(CLIENT_SECRET).contains("[redacted]");
    connect();
    assertThat(tokens.load(CONNECTION).orElseThrow().toString())
        .doesNotContain(ACCESS)
        .doesNotContain(REFRESH);
  }

  @Test
  void badConfigurationNamesTheField() {
    assertThatThrownBy(
            () ->
                GoogleConfig.builder()
                    .clientId("id")
                    .clientSecret("s")
                    .redirectUri("/relative")
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("google.redirectUri"));
    assertThatThrownBy(
            () -> GoogleConfig.builder().clientId("id").redirectUri("http://localhost/cb").build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("google.clientSecret"));
    assertThatThrownBy(
            () ->
                GoogleConfig.builder()
                    .clientId("id")
                    .clientSecret("s")
                    .redirectUri("http://localhost/cb")
                    .maxAttempts(0)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("google.maxAttempts"));
  }
}
