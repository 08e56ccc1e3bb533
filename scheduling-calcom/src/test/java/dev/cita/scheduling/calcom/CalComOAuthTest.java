package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.AuthorizationStateException;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalComOAuthTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CLIENT_SECRET = "client-SECRET-77";
  private static final String ME =
      """
      {"status":"success","data":{"id":1234,"username":"centro","email":"centro@clinica.cl","timeZone":"America/Santiago"}}\
      """;

  private final TestClock clock = new TestClock(NOW);
  private final Fixtures.MapCredentialStore store = new Fixtures.MapCredentialStore();
  private final CalComClient client =
      Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5));
  private final CalComOAuth oauth =
      CalComOAuth.builder("client-1", CLIENT_SECRET, "https://app.example/oauth/calcom")
          .authorizeUrl(wm.baseUrl() + "/auth/oauth2/authorize")
          .tokenUrl(wm.baseUrl() + "/v2/auth/oauth2/token")
          .apiBaseUrl(wm.baseUrl())
          .baseUrlPolicy(Fixtures.LOCAL_MOCK)
          .flow(AuthorizationFlow.create(new InMemoryAuthorizationStateStore(clock), clock))
          .client(client)
          .clock(clock)
          .build();
  private final CredentialManager credentials =
      CredentialManager.builder()
          .inMemoryDefaults()
          .credentialStore(store)
          .clock(clock)
          .refresher(CalComClient.PROVIDER, oauth.refresher())
          .sleeper(d -> {})
          .build();

  private static Map<String, String> query(String url) {
    Map<String, String> out = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] kv = pair.split("=", 2);
      out.put(kv[0], URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String tokens(String access, String refresh) {
    return "{\"access_token\":\""
        + access
        + "\",\"refresh_token\":\""
        + refresh
        + "\",\"token_type\":\"bearer\",\"expires_in\":1800}";
  }

  private ConnectionKey connect() {
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(tokens("at-1", "rt-1"))));
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ME)));
    Map<String, String> q = query(oauth.authorizationUrl(BRANCH));
    return oauth.connect(credentials, "code-abc", q.get("state"));
  }

  @Test
  void authorizationUrlCarriesStatePkceAndScopes() {
    String url = oauth.authorizationUrl(BRANCH);
    Map<String, String> q = query(url);

    assertThat(url).startsWith(wm.baseUrl() + "/auth/oauth2/authorize?");
    assertThat(q)
        .containsEntry("response_type", "code")
        .containsEntry("client_id", "client-1")
        .containsEntry("redirect_uri", "https://app.example/oauth/calcom")
        .containsEntry("code_challenge_method", "S256")
        .containsEntry("scope", "BOOKING_READ BOOKING_WRITE EVENT_TYPE_READ PROFILE_READ");
    assertThat(q.get("state")).hasSizeGreaterThan(30);
    assertThat(q.get("code_challenge")).hasSize(43);
    assertThat(url).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void connectExchangesTheCodeAsksWhoItIsAndStoresTheCredentialUnderThatAccount() {
    ConnectionKey key = connect();

    assertThat(key).isEqualTo(ConnectionKey.of(BRANCH, "calcom", "1234"));
    OAuthCredential stored = store.load(key).orElseThrow();
    assertThat(stored.accessToken()).isEqualTo("at-1");
    assertThat(stored.refreshToken()).contains("rt-1");
    assertThat(stored.expiresAt()).contains(NOW.plus(Duration.ofMinutes(30)));
    assertThat(credentials.status(key).status()).isEqualTo(ConnectionStatus.CONNECTED);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/auth/oauth2/token"))
            .withHeader("Authorization", absent())
            .withRequestBody(containing("grant_type=authorization_code"))
            .withRequestBody(containing("code=code-abc"))
            .withRequestBody(containing("redirect_uri=https%3A%2F%2Fapp.example%2Foauth%2Fcalcom"))
            .withRequestBody(containing("code_verifier="))
            .withRequestBody(containing("client_id=client-1"))
            .withRequestBody(containing("client_secret=" + CLIENT_SECRET)));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/me")).withHeader("Authorization", equalTo("Bearer at-1")));
  }

  @Test
  void anOlderSelfHostedServerWrappingTheTokensInStatusAndDataConnectsAndRefreshes() {
    // Issue 15: older self-hosted Cal.com answers the token endpoint in its API v2 wrapper,
    // {"status":"success","data":{...tokens...}} (the {status, data} shape of every v2 answer).
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=authorization_code"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"success\",\"data\":" + tokens("at-1", "rt-1") + "}")));
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"success\",\"data\":" + tokens("at-2", "rt-2") + "}")));
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ME)));

    ConnectionKey key =
        oauth.connect(credentials, "code-abc", query(oauth.authorizationUrl(BRANCH)).get("state"));
    OAuthCredential stored = store.load(key).orElseThrow();
    assertThat(stored.accessToken()).isEqualTo("at-1");
    assertThat(stored.refreshToken()).contains("rt-1");
    assertThat(stored.expiresAt()).contains(NOW.plus(Duration.ofMinutes(30)));

    clock.advance(Duration.ofMinutes(31));
    assertThat(credentials.accessToken(key)).isEqualTo("at-2");
    assertThat(store.load(key).orElseThrow().refreshToken()).contains("rt-2");
  }

  @Test
  void theStateIsOneTime() {
    connect();
    String state = query(oauth.authorizationUrl(BRANCH)).get("state");
    oauth.connect(credentials, "code-abc", state);

    assertThatThrownBy(() -> oauth.connect(credentials, "code-abc", state))
        .isInstanceOf(AuthorizationStateException.class);
  }

  @Test
  void refreshRotatesTheRefreshTokenAndTheNextRefreshUsesTheNewOne() {
    ConnectionKey key = connect();
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .inScenario("rotate")
            .whenScenarioStateIs(STARTED)
            .withRequestBody(containing("refresh_token=rt-1"))
            .willSetStateTo("rotated once")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(tokens("at-2", "rt-2"))));
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .inScenario("rotate")
            .whenScenarioStateIs("rotated once")
            .withRequestBody(containing("refresh_token=rt-2"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(tokens("at-3", "rt-3"))));

    clock.advance(Duration.ofMinutes(31));
    assertThat(credentials.accessToken(key)).isEqualTo("at-2");
    assertThat(store.load(key).orElseThrow().refreshToken()).contains("rt-2");
    assertThat(credentials.accessToken(key)).isEqualTo("at-2"); // still fresh: no second refresh
    clock.advance(Duration.ofMinutes(31));
    assertThat(credentials.accessToken(key)).isEqualTo("at-3");

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=rt-1"))
            .withRequestBody(containing("client_id=client-1"))
            .withRequestBody(containing("client_secret=" + CLIENT_SECRET)));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("refresh_token=rt-2")));
    assertThat(store.load(key).orElseThrow().refreshToken()).contains("rt-3");
  }

  @Test
  void invalidGrantOnRefreshAsksTheBranchToReconnect() {
    ConnectionKey key = connect();
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}")));
    clock.advance(Duration.ofMinutes(31));

    assertThatThrownBy(() -> credentials.accessToken(key))
        .isInstanceOf(ReauthorizationRequiredException.class)
        .hasMessageNotContaining("rt-1");
    assertThat(credentials.status(key).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
  }

  @Test
  void anApiKeyIsStoredUnderItsAccountAndNeverRefreshed() {
    wm.stubFor(
        get(urlEqualTo("/v2/me"))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(ME)));

    ConnectionKey key =
        CalComOAuth.connectApiKey(
            credentials, client, BRANCH, wm.baseUrl(), Fixtures.LOCAL_MOCK, Fixtures.API_KEY);
    clock.advance(Duration.ofDays(400));

    assertThat(key.account()).isEqualTo("1234");
    assertThat(credentials.accessToken(key)).isEqualTo(Fixtures.API_KEY);
    assertThat(store.load(key).orElseThrow().refreshToken()).isEmpty();
    wm.verify(0, postRequestedFor(urlEqualTo("/v2/auth/oauth2/token")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/me"))
            .withHeader("Authorization", equalTo("Bearer " + Fixtures.API_KEY)));
    assertThat(oauth.toString()).doesNotContain(CLIENT_SECRET);
  }

  @Test
  void disconnectDeletesTheCredentialAndSendsNothingSinceCalComHasNoRevocation() {
    ConnectionKey key = connect();
    wm.resetRequests();

    assertThat(CalComOAuth.disconnect(credentials, key)).isTrue();

    assertThat(wm.getAllServeEvents()).as("requests to Cal.com").isEmpty();
    assertThat(store.load(key)).isEmpty();
    assertThat(credentials.status(key).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThat(CalComOAuth.disconnect(credentials, key)).as("again").isFalse();
  }

  @Test
  void disconnectRefusesAConnectionOfAnotherProvider() {
    ConnectionKey google = ConnectionKey.of(BRANCH, "google", "agenda@clinica.cl");

    assertThatThrownBy(() -> CalComOAuth.disconnect(credentials, google))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("connection.provider"));
  }
}
