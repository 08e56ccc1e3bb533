package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.memory.InMemoryConnectionStatusStore;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.CredentialStore;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Disconnecting a Calendly account revokes its OAuth grant at Calendly's revocation endpoint
 * ({@code POST /oauth/revoke}, form {@code client_id}, {@code client_secret}, {@code token})
 * exactly once, before the tokens are deleted here, also when Calendly cannot be reached at first.
 */
class CalendlyRevocationTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String CLIENT_ID = "client-1";
  private static final String CLIENT_SECRET = "secret-SECRET-1";
  private static final String ACCESS = "access-SECRET-1";
  private static final String REFRESH = "refresh-SECRET-1";
  private static final ConnectionKey KEY = ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, USER);
  private static final Map<String, String> REVOKE_FORM =
      Map.of("client_id", CLIENT_ID, "client_secret", CLIENT_SECRET, "token", REFRESH);

  /** Past the lease (2 minutes) plus the longest first backoff (1 minute): a retry is due. */
  private static final Duration LATER = Duration.ofMinutes(10);

  private final TestClock clock = new TestClock(NOW);
  private final CredentialStore store =
      new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
  private final ConnectionStatusStore statuses = new InMemoryConnectionStatusStore();
  private final OAuthTokenClient oauth =
      CalendlyConnections.oauthClient(CLIENT_ID, CLIENT_SECRET, "https://app.example/cb")
          .authorizeUrl(wm.baseUrl() + "/oauth/authorize")
          .tokenUrl(wm.baseUrl() + "/oauth/token")
          .revokeUrl(wm.baseUrl() + "/oauth/revoke", OAuthTokenClient.ClientAuth.BODY)
          .clock(clock)
          .build();
  private final CredentialManager manager = node();
  private final CalendlyConnections connections =
      CalendlyConnections.builder(store, manager).build();

  /** A manager over the shared stores, as each app node builds one. */
  private CredentialManager node() {
    return CredentialManager.builder()
        .credentialStore(store)
        .statusStore(statuses)
        .clock(clock)
        .refresher(CalendlyClient.PROVIDER, oauth)
        .revoker(CalendlyClient.PROVIDER, oauth.revoker())
        .build();
  }

  private void connectOAuth() {
    manager.connect(
        KEY,
        OAuthCredential.builder(CalendlyClient.PROVIDER, USER, ACCESS)
            .refreshToken(REFRESH)
            .expiresAt(NOW.plus(Duration.ofHours(2)))
            .build());
  }

  private static void revokeAnswers(
      ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    wm.stubFor(
        post(urlEqualTo("/oauth/revoke"))
            .inScenario("revoke")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(first)
            .willSetStateTo("answered once"));
    wm.stubFor(
        post(urlEqualTo("/oauth/revoke"))
            .inScenario("revoke")
            .whenScenarioStateIs("answered once")
            .willReturn(then));
  }

  private static ResponseDefinitionBuilder revoked() {
    return json(200, "{}");
  }

  /** Every request WireMock received, oldest first. */
  private static List<ServeEvent> requests() {
    List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
    events.sort((a, b) -> a.getRequest().getLoggedDate().compareTo(b.getRequest().getLoggedDate()));
    return events;
  }

  /** Checks that the request is exactly Calendly's documented revocation request. */
  private static void assertIsTheRevocation(ServeEvent event) {
    var request = event.getRequest();
    assertThat(request.getMethod().getName()).isEqualTo("POST");
    assertThat(request.getUrl()).isEqualTo("/oauth/revoke");
    assertThat(request.getHeader("Content-Type")).startsWith("application/x-www-form-urlencoded");
    assertThat(request.containsHeader("Authorization"))
        .as("credentials only in the form")
        .isFalse();
    assertThat(form(request.getBodyAsString())).isEqualTo(REVOKE_FORM);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> fields = new LinkedHashMap<>();
    for (String pair : body.split("&")) {
      String[] kv = pair.split("=", 2);
      String name = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
      assertThat(fields.put(name, URLDecoder.decode(kv[1], StandardCharsets.UTF_8)))
          .as("field %s sent once", name)
          .isNull();
    }
    return fields;
  }

  private static long succeeded(List<ServeEvent> events) {
    return events.stream()
        .filter(e -> e.getResponseDefinition().getFault() == null)
        .filter(e -> e.getResponse().getStatus() == 200)
        .count();
  }

  @Test
  void disconnectRevokesTheGrantAtCalendlyOnceThenForgetsTheTokens() {
    wm.stubFor(post(urlEqualTo("/oauth/revoke")).willReturn(revoked()));
    connectOAuth();

    assertThat(connections.disconnect(TENANT)).isTrue();

    List<ServeEvent> requests = requests();
    assertThat(requests).hasSize(1);
    assertIsTheRevocation(requests.get(0));
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    assertThat(connections.isConnected(TENANT)).isFalse();
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isZero();
    assertThat(requests()).hasSize(1);
  }

  @ParameterizedTest(name = "first attempt: {0}")
  @ValueSource(strings = {"503", "connection reset"})
  void anOutageDuringTheFirstAttemptKeepsTheConnectionMarkedUntilALaterRetryRevokesOnce(
      String outage) {
    revokeAnswers(
        outage.equals("503")
            ? json(503, "{\"title\":\"Service Unavailable\"}")
            : aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        revoked());
    connectOAuth();

    connections.disconnect(TENANT);

    assertThat(requests()).hasSize(1);
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKING);
    assertThat(store.load(KEY)).as("kept until Calendly revoked it").isPresent();
    assertThat(connections.isConnected(TENANT)).isFalse();
    assertThatThrownBy(() -> manager.accessToken(KEY)).isInstanceOf(NotFoundException.class);
    assertThat(manager.retryRevocations()).as("not due yet").isZero();
    assertThat(requests()).hasSize(1);

    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isEqualTo(1);

    List<ServeEvent> requests = requests();
    assertThat(requests).hasSize(2);
    requests.forEach(CalendlyRevocationTest::assertIsTheRevocation);
    assertThat(succeeded(requests)).isEqualTo(1);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
    clock.advance(LATER);
    assertThat(manager.retryRevocations()).isZero();
    assertThat(requests()).hasSize(2);
  }

  @Test
  void twoNodesRetryingAtOnceSendOneRevocation() throws Exception {
    revokeAnswers(
        json(503, "{\"title\":\"Service Unavailable\"}"),
        revoked().withFixedDelay(200)); // slow enough that the other callers overlap it
    connectOAuth();
    connections.disconnect(TENANT);
    clock.advance(LATER);
    CredentialManager otherNode = node();

    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> claims = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        CredentialManager node = i % 2 == 0 ? manager : otherNode;
        claims.add(
            pool.submit(
                () -> {
                  go.await();
                  return node.retryRevocations();
                }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> claim : claims) {
        total += claim.get(30, TimeUnit.SECONDS);
      }
      assertThat(total).as("attempts claimed").isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }

    List<ServeEvent> requests = requests();
    assertThat(requests).as("the failed attempt and one retry").hasSize(2);
    assertThat(succeeded(requests)).isEqualTo(1);
    assertThat(store.load(KEY)).isEmpty();
  }

  @Test
  void aRefusedRevocationIsNotRetriedAndTheTokensAreDeleted() {
    wm.stubFor(
        post(urlEqualTo("/oauth/revoke"))
            .willReturn(
                json(
                    400,
                    "{\"error\":\"invalid_request\",\"error_description\":\"The request is"
                        + " missing a required parameter.\"}")));
    connectOAuth();

    connections.disconnect(TENANT);
    clock.advance(LATER);
    manager.retryRevocations();

    assertThat(requests()).hasSize(1);
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).reason()).contains("HTTP 400").doesNotContain("SECRET");
  }

  @Test
  void aPersonalAccessTokenIsDeletedWithoutARevocationRequest() {
    manager.connect(KEY, OAuthCredential.builder(CalendlyClient.PROVIDER, USER, ACCESS).build());

    assertThat(connections.disconnect(TENANT)).isTrue();

    assertThat(requests()).isEmpty();
    assertThat(store.load(KEY)).isEmpty();
    assertThat(manager.status(KEY).reason()).contains("not revocable");
  }
}
