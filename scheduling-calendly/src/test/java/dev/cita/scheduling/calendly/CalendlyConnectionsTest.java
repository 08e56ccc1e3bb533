package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.ORG;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class CalendlyConnectionsTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  /** Base64 of {@code client-1:secret-SECRET-1}, worked out outside the code under test. */
  private static final String BASIC = "Basic Y2xpZW50LTE6c2VjcmV0LVNFQ1JFVC0x";

  private static final String REDIRECT = "https://app.example/oauth/calendly/callback";

  private final TestClock clock = new TestClock(NOW);
  private final List<String> events = Collections.synchronizedList(new ArrayList<>());
  private final CredentialStore store =
      recording(new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate()));
  private final OAuthTokenClient oauth =
      CalendlyConnections.oauthClient("client-1", "secret-SECRET-1", REDIRECT)
          .authorizeUrl(wm.baseUrl() + "/oauth/authorize")
          .tokenUrl(wm.baseUrl() + "/oauth/token")
          .clock(clock)
          .build();
  private final CredentialManager manager =
      CredentialManager.builder()
          .inMemoryDefaults()
          .credentialStore(store)
          .clock(clock)
          .refresher(CalendlyClient.PROVIDER, oauth)
          .sleeper(d -> {})
          .build();
  private final AuthorizationFlow flow =
      AuthorizationFlow.create(new InMemoryAuthorizationStateStore(clock), clock);
  private final CalendlyConnections connections =
      CalendlyConnections.builder(store, manager).oauth(oauth, flow).build();
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void stop() {
    pool.shutdownNow();
  }

  /** Notes each save's refresh token, so a test can see it was stored before the token was used. */
  private CredentialStore recording(CredentialStore inner) {
    return new CredentialStore() {
      @Override
      public void save(ConnectionKey connection, OAuthCredential credential) {
        inner.save(connection, credential);
        events.add("saved " + credential.refreshToken().orElse("-"));
      }

      @Override
      public Optional<OAuthCredential> load(ConnectionKey connection) {
        return inner.load(connection);
      }

      @Override
      public boolean delete(ConnectionKey connection) {
        return inner.delete(connection);
      }

      @Override
      public List<ConnectionKey> list(TenantId tenant) {
        return inner.list(tenant);
      }
    };
  }

  private static String tokens(String access, String refresh) {
    return "{\"token_type\":\"Bearer\",\"expires_in\":7200,\"created_at\":1548689183,\"access_token\":\""
        + access
        + "\",\"refresh_token\":\""
        + refresh
        + "\",\"scope\":\"default\",\"owner\":\""
        + USER
        + "\","
        + "\"organization\":\""
        + ORG
        + "\"}";
  }

  @Test
  void oauthConnectsWithPkceAndBasicClientAuthentication() throws Exception {
    wm.stubFor(post(urlEqualTo("/oauth/token")).willReturn(json(200, tokens("at-1", "rt-1"))));

    String url = connections.authorizationUrl(TENANT);
    okhttp3.HttpUrl parsed = okhttp3.HttpUrl.parse(url);
    String state = parsed.queryParameter("state");
    String challenge = parsed.queryParameter("code_challenge");
    assertThat(parsed.encodedPath()).isEqualTo("/oauth/authorize");
    assertThat(parsed.queryParameter("client_id")).isEqualTo("client-1");
    assertThat(parsed.queryParameter("response_type")).isEqualTo("code");
    assertThat(parsed.queryParameter("redirect_uri")).isEqualTo(REDIRECT);
    assertThat(parsed.queryParameter("code_challenge_method")).isEqualTo("S256");
    assertThat(url).doesNotContain("secret");

    CalendlyConnection connection = connections.completeAuthorization("code-9", state);

    assertThat(connection.userUri()).isEqualTo(USER);
    assertThat(connection.organizationUri()).contains(ORG);
    assertThat(connection.method()).isEqualTo(CalendlyConnection.Method.OAUTH);
    assertThat(connections.accessToken(TENANT)).isEqualTo("at-1");
    OAuthCredential stored = store.load(connection.key()).orElseThrow();
    assertThat(stored.refreshToken()).contains("rt-1");
    assertThat(stored.expiresAt()).contains(NOW.plusSeconds(7200));
    // The verifier sent must be the one whose S256 hash was in the authorization URL.
    String body = wm.getAllServeEvents().get(0).getRequest().getBodyAsString();
    String verifier =
        URLDecoder.decode(
            body.replaceAll(".*code_verifier=([^&]*).*", "$1"), StandardCharsets.UTF_8);
    String hashed =
        Base64.getUrlEncoder()
            .withoutPadding()
            .encodeToString(
                MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    assertThat(hashed).isEqualTo(challenge);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withHeader("Authorization", equalTo(BASIC))
            .withRequestBody(
                equalTo(
                    "grant_type=authorization_code&code=code-9&redirect_uri="
                        + "https%3A%2F%2Fapp.example%2Foauth%2Fcalendly%2Fcallback&code_verifier="
                        + verifier)));
  }

  @Test
  void twoConcurrentCallersOnAnExpiredTokenCauseOneRefreshAndBothGetTheNewToken() throws Exception {
    ConnectionKey key = ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, USER);
    manager.connect(
        key,
        OAuthCredential.builder(CalendlyClient.PROVIDER, USER, "at-1")
            .refreshToken("rt-1")
            .expiresAt(NOW.minusSeconds(60))
            .build());
    events.clear();
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .withRequestBody(containing("refresh_token=rt-1"))
            .willReturn(json(200, tokens("at-2", "rt-2")).withFixedDelay(300)));
    CountDownLatch go = new CountDownLatch(1);

    List<Future<String>> calls = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      calls.add(
          pool.submit(
              () -> {
                go.await();
                String token = connections.accessToken(TENANT);
                events.add("used " + token);
                return token;
              }));
    }
    go.countDown();

    for (Future<String> call : calls) {
      assertThat(call.get(10, TimeUnit.SECONDS)).isEqualTo("at-2");
    }
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withHeader("Authorization", equalTo(BASIC))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-1")));
    assertThat(store.load(key).orElseThrow().refreshToken()).contains("rt-2");
    assertThat(events)
        .startsWith("saved rt-2")
        .containsOnlyOnce("saved rt-2")
        .contains("used at-2");

    // Two hours later the rotated token, never the spent one, is sent.
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .withRequestBody(containing("refresh_token=rt-2"))
            .willReturn(json(200, tokens("at-3", "rt-3"))));
    clock.advance(Duration.ofHours(2));
    assertThat(connections.accessToken(TENANT)).isEqualTo("at-3");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-2")));
    wm.verify(2, postRequestedFor(urlEqualTo("/oauth/token")));
    assertThat(store.load(key).orElseThrow().refreshToken()).contains("rt-3");
  }

  @Test
  void aRevokedRefreshTokenAsksTheTenantToConnectAgain() {
    ConnectionKey key = ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, USER);
    manager.connect(
        key,
        OAuthCredential.builder(CalendlyClient.PROVIDER, USER, "at-1")
            .refreshToken("rt-1")
            .expiresAt(NOW.minusSeconds(60))
            .build());
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(
                json(
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"The provided"
                        + " authorization grant is invalid\"}")));

    ReauthorizationRequiredException e =
        catchThrowableOfType(
            ReauthorizationRequiredException.class, () -> connections.accessToken(TENANT));

    assertThat(e.getMessage()).doesNotContain("rt-1", "secret");
    assertThat(manager.status(key).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void aPersonalAccessTokenIsCheckedStoredAndNeverRefreshed() {
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(
                json(
                    200,
                    "{\"resource\":{\"uri\":\""
                        + USER
                        + "\",\"name\":\"Ana\",\"email\":\"ana@clinica.cl\",\"current_organization\":\""
                        + ORG
                        + "\"}}")));
    CalendlyClient client =
        Fixtures.client(wm.baseUrl(), clock, new RecordingSleeper(), new InMemoryAuditLog())
            .build();

    CalendlyConnection connection =
        connections.connectPersonalToken(TENANT, "pat-SECRET-9", client);
    clock.advance(Duration.ofDays(400));

    assertThat(connection.method()).isEqualTo(CalendlyConnection.Method.PERSONAL_TOKEN);
    assertThat(connection.organizationUri()).contains(ORG);
    assertThat(connections.accessToken(TENANT)).isEqualTo("pat-SECRET-9");
    OAuthCredential stored = store.load(connection.key()).orElseThrow();
    assertThat(stored.refreshToken()).isEmpty();
    assertThat(stored.expiresAt()).isEmpty();
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer pat-SECRET-9")));
    wm.verify(0, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void connectingAgainReplacesTheTenantsPreviousAccount() {
    ConnectionKey old =
        ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, "https://api.calendly.com/users/OLD");
    manager.connect(
        old, OAuthCredential.builder(CalendlyClient.PROVIDER, old.account(), "at-old").build());
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(json(200, "{\"resource\":{\"uri\":\"" + USER + "\"}}")));
    CalendlyClient client =
        Fixtures.client(wm.baseUrl(), clock, new RecordingSleeper(), new InMemoryAuditLog())
            .build();

    connections.connectPersonalToken(TENANT, "pat-2", client);

    assertThat(store.list(TENANT)).extracting(ConnectionKey::account).containsExactly(USER);
    assertThat(connections.accessToken(TENANT)).isEqualTo("pat-2");
  }

  @Test
  void aFailedSaveOfTheNewAccountKeepsThePreviousConnectionWorking() {
    ConnectionKey old =
        ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, "https://api.calendly.com/users/OLD");
    CredentialStore inner =
        new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
    CredentialStore failsNewSaves =
        new CredentialStore() {
          @Override
          public void save(ConnectionKey connection, OAuthCredential credential) {
            if (!connection.equals(old)) {
              throw new IllegalStateException("database down");
            }
            inner.save(connection, credential);
          }

          @Override
          public Optional<OAuthCredential> load(ConnectionKey connection) {
            return inner.load(connection);
          }

          @Override
          public boolean delete(ConnectionKey connection) {
            return inner.delete(connection);
          }

          @Override
          public List<ConnectionKey> list(TenantId tenant) {
            return inner.list(tenant);
          }
        };
    CredentialManager failing =
        CredentialManager.builder()
            .inMemoryDefaults()
            .credentialStore(failsNewSaves)
            .clock(clock)
            .refresher(CalendlyClient.PROVIDER, oauth)
            .sleeper(d -> {})
            .build();
    CalendlyConnections conns = CalendlyConnections.builder(failsNewSaves, failing).build();
    failing.connect(
        old, OAuthCredential.builder(CalendlyClient.PROVIDER, old.account(), "at-old").build());
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .willReturn(json(200, "{\"resource\":{\"uri\":\"" + USER + "\"}}")));
    CalendlyClient client =
        Fixtures.client(wm.baseUrl(), clock, new RecordingSleeper(), new InMemoryAuditLog())
            .build();

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> conns.connectPersonalToken(TENANT, "pat-2", client))
        .isInstanceOf(IllegalStateException.class);

    assertThat(failsNewSaves.list(TENANT)).containsExactly(old);
    assertThat(conns.accessToken(TENANT)).isEqualTo("at-old");
  }
}
