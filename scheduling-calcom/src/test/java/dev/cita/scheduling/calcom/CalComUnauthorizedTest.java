package dev.cita.scheduling.calcom;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calcom.Fixtures.ACCOUNT;
import static dev.cita.scheduling.calcom.Fixtures.ANA;
import static dev.cita.scheduling.calcom.Fixtures.API_KEY;
import static dev.cita.scheduling.calcom.Fixtures.BRANCH;
import static dev.cita.scheduling.calcom.Fixtures.CONSULT;
import static dev.cita.scheduling.calcom.Fixtures.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryAuthorizationStateStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.AuthorizationFlow;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 401 from Cal.com: an OAuth access token is refreshed once and the call retried once; an API key
 * is revoked.
 */
class CalComUnauthorizedTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ConnectionKey KEY = ConnectionKey.of(BRANCH, CalComClient.PROVIDER, ACCOUNT);
  private static final String UNAUTHORIZED =
      """
      {"status":"error","error":{"code":"UnauthorizedException","message":"Invalid Access Token."}}\
      """;
  private static final String BOOKING =
      """
      {"status":"success","data":{"id":7,"uid":"bk-1","status":"accepted","start":"2026-03-04T13:00:00Z",
       "end":"2026-03-04T13:30:00Z","eventTypeId":501,"metadata":{}}}\
      """;

  private final TestClock clock = new TestClock(NOW);
  private final Fixtures.MapCredentialStore store = new Fixtures.MapCredentialStore();
  private final CalComClient client =
      Fixtures.client(clock, new InMemoryAuditLog(), Duration.ofSeconds(5));
  private final CalComOAuth oauth =
      CalComOAuth.builder("client-1", "client-SECRET-77", "https://app.example/oauth/calcom")
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

  private void connectOAuth() {
    credentials.connect(
        KEY,
        OAuthCredential.builder(CalComClient.PROVIDER, ACCOUNT, "at-1")
            .refreshToken("rt-1")
            .expiresAt(NOW.plus(Duration.ofMinutes(25)))
            .build());
    wm.stubFor(
        post(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay(100)
                    .withBody(
                        "{\"access_token\":\"at-2\",\"refresh_token\":\"rt-2\",\"token_type\":\"bearer\",\"expires_in\":1800}")));
  }

  private static MappingBuilder withToken(MappingBuilder request, String token) {
    return request.withHeader("Authorization", equalTo("Bearer " + token));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(
      int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private CalComAccess access() {
    return CalComAccess.of(BRANCH, wm.baseUrl(), Fixtures.LOCAL_MOCK, credentials, KEY);
  }

  @Test
  void anOAuthTokenRefusedWith401IsRefreshedOnceAndTheCallRetriedWithTheNewToken() {
    connectOAuth();
    wm.stubFor(
        withToken(get(urlEqualTo("/v2/bookings/bk-1")), "at-1")
            .willReturn(json(401, UNAUTHORIZED)));
    wm.stubFor(
        withToken(get(urlEqualTo("/v2/bookings/bk-1")), "at-2").willReturn(json(200, BOOKING)));

    assertThat(client.booking(access(), "bk-1"))
        .hasValueSatisfying(b -> assertThat(b.uid()).isEqualTo("bk-1"));

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/auth/oauth2/token"))
            .withRequestBody(containing("grant_type=refresh_token"))
            .withRequestBody(containing("refresh_token=rt-1")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/bookings/bk-1"))
            .withHeader("Authorization", equalTo("Bearer at-1")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/v2/bookings/bk-1"))
            .withHeader("Authorization", equalTo("Bearer at-2"))
            .withHeader("cal-api-version", equalTo("2024-08-13")));
    OAuthCredential saved = store.load(KEY).orElseThrow();
    assertThat(saved.accessToken()).isEqualTo("at-2");
    assertThat(saved.refreshToken()).contains("rt-2");
    assertThat(credentials.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void aSecond401AfterTheRefreshFailsInsteadOfLooping() {
    connectOAuth();
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk-1")).willReturn(json(401, UNAUTHORIZED)));

    assertThatThrownBy(() -> client.booking(access(), "bk-1"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(401);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).doesNotContain("at-1", "at-2", "rt-1", "rt-2");
            });

    wm.verify(1, postRequestedFor(urlEqualTo("/v2/auth/oauth2/token")));
    wm.verify(2, getRequestedFor(urlEqualTo("/v2/bookings/bk-1")));
  }

  @Test
  void aCreateRefusedWith401IsSentOnceMoreWithTheRefreshedToken() {
    connectOAuth();
    wm.stubFor(
        get(urlPathEqualTo("/v2/bookings"))
            .willReturn(
                json(
                    200,
                    "{\"status\":\"success\",\"data\":[],\"pagination\":{\"hasNextPage\":false}}")));
    wm.stubFor(
        get(urlEqualTo("/v2/event-types/501"))
            .willReturn(
                json(
                    200,
                    "{\"status\":\"success\",\"data\":{\"id\":501,\"lengthInMinutes\":30,\"bookingFields\":"
                        + FakeCalCom.DEFAULT_BOOKING_FIELDS
                        + "}}")));
    wm.stubFor(
        withToken(post(urlEqualTo("/v2/bookings")), "at-1").willReturn(json(401, UNAUTHORIZED)));
    wm.stubFor(withToken(post(urlEqualTo("/v2/bookings")), "at-2").willReturn(json(201, BOOKING)));
    CalComCalendarProvider provider =
        CalComCalendarProvider.builder(
                client, CalComTenants.of(Fixtures.branch(wm.baseUrl())), credentials)
            .clock(clock)
            .build();
    Instant start = Instant.parse("2026-03-04T13:00:00Z");
    Appointment a =
        Appointment.builder()
            .id(AppointmentId.of("appt-1"))
            .tenant(BRANCH)
            .resource(ANA)
            .type(CONSULT)
            .attendee(Attendee.builder("Ana").email("ana@example.com").build())
            .start(start)
            .end(start.plus(Duration.ofMinutes(30)))
            .displayZone(Fixtures.SANTIAGO)
            .status(AppointmentStatus.SCHEDULED)
            .createdAt(NOW)
            .updatedAt(NOW)
            .build();

    assertThat(provider.createEvent(a)).isEqualTo("bk-1");

    wm.verify(2, postRequestedFor(urlEqualTo("/v2/bookings")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/v2/bookings"))
            .withHeader("Authorization", equalTo("Bearer at-2"))
            .withRequestBody(containing("\"citaAppointmentId\":\"appt-1\"")));
    wm.verify(1, postRequestedFor(urlEqualTo("/v2/auth/oauth2/token")));
  }

  @Test
  void concurrentCallsRefusedWithTheSameTokenShareOneRefresh() throws Exception {
    connectOAuth();
    wm.stubFor(
        withToken(get(urlEqualTo("/v2/bookings/bk-1")), "at-1")
            .willReturn(json(401, UNAUTHORIZED)));
    wm.stubFor(
        withToken(get(urlEqualTo("/v2/bookings/bk-1")), "at-2").willReturn(json(200, BOOKING)));
    int threads = 8;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<String>> results = new ArrayList<>();
    try {
      for (int i = 0; i < threads; i++) {
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  return client.booking(access(), "bk-1").orElseThrow().uid();
                }));
      }
      go.countDown();
      for (Future<String> f : results) {
        assertThat(f.get(10, TimeUnit.SECONDS)).isEqualTo("bk-1");
      }
    } finally {
      pool.shutdownNow();
    }

    wm.verify(1, postRequestedFor(urlEqualTo("/v2/auth/oauth2/token")));
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains("rt-2");
  }

  @Test
  void anApiKeyRefusedWith401MarksTheConnectionRevokedAndFailsForGood() {
    credentials.connect(
        KEY, OAuthCredential.builder(CalComClient.PROVIDER, ACCOUNT, API_KEY).build());
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk-1")).willReturn(json(401, UNAUTHORIZED)));

    assertThatThrownBy(() -> client.booking(access(), "bk-1"))
        .isInstanceOfSatisfying(
            ProviderException.class,
            e -> {
              assertThat(e.httpStatus()).hasValue(401);
              assertThat(e.isRetryable()).isFalse();
              assertThat(e.getMessage()).contains("revoked").doesNotContain(API_KEY);
            });

    assertThat(credentials.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKED);
    wm.verify(1, getRequestedFor(urlEqualTo("/v2/bookings/bk-1")));
    wm.verify(0, postRequestedFor(urlEqualTo("/v2/auth/oauth2/token")));
    // Later calls fail fast, without a request, until the branch connects again.
    wm.resetRequests();
    assertThatThrownBy(() -> client.booking(access(), "bk-1"))
        .isInstanceOf(ReauthorizationRequiredException.class);
    wm.verify(0, anyRequestedFor(anyUrl()));
  }
}
