package dev.cita.scheduling.calendly;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.NOW;
import static dev.cita.scheduling.calendly.Fixtures.ORG;
import static dev.cita.scheduling.calendly.Fixtures.TENANT;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.invitee;
import static dev.cita.scheduling.calendly.Fixtures.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.calendly.Fixtures.RecordingSleeper;
import dev.cita.scheduling.calendly.model.CreateInviteeRequest;
import dev.cita.scheduling.http.OAuthTokenClient;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryTokenStore;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import dev.cita.scheduling.token.OAuthCredential;
import dev.cita.scheduling.tokens.EncryptedTokenStore;
import dev.cita.scheduling.tokens.TokenKeyset;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A 401 from Calendly: an OAuth token is refreshed once and the call retried once; a personal token
 * is revoked.
 */
class CalendlyUnauthorizedTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final ConnectionKey KEY = ConnectionKey.of(TENANT, CalendlyClient.PROVIDER, USER);
  private static final String UNAUTHENTICATED =
      "{\"title\":\"Unauthenticated\"," + "\"message\":\"The access token is invalid\"}";

  private final TestClock clock = new TestClock(NOW);
  private final EncryptedTokenStore store =
      new EncryptedTokenStore(new InMemoryTokenStore(), TokenKeyset.generate());
  private final OAuthTokenClient oauth =
      CalendlyConnections.oauthClient("client-1", "secret-SECRET-1", "https://app.example/cb")
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
  private final CalendlyConnections connections =
      CalendlyConnections.builder(store, manager).build();
  private final CalendlyClient client =
      CalendlyClient.builder(connections)
          .baseUrl(wm.baseUrl())
          .clock(clock)
          .sleeper(new RecordingSleeper())
          .auditLog(new InMemoryAuditLog())
          .random(() -> 0L)
          .build();

  private static String user() {
    return "{\"resource\":{\"uri\":\""
        + USER
        + "\",\"name\":\"Ana\",\"email\":\"ana@clinica.cl\","
        + "\"current_organization\":\""
        + ORG
        + "\"}}";
  }

  private void connectOAuth() {
    // Not expired: Calendly refuses it anyway (revoked in Calendly, or replaced elsewhere).
    manager.connect(
        KEY,
        OAuthCredential.builder(CalendlyClient.PROVIDER, USER, "at-OLD")
            .refreshToken("rt-1")
            .expiresAt(NOW.plusSeconds(3600))
            .build());
  }

  private static void refreshAnswers(String access, String refresh) {
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(
                json(
                    200,
                    "{\"token_type\":\"Bearer\",\"expires_in\":7200,"
                        + "\"access_token\":\""
                        + access
                        + "\",\"refresh_token\":\""
                        + refresh
                        + "\",\"owner\":\""
                        + USER
                        + "\"}")));
  }

  @Test
  void aPersonalAccessTokenRefusedWith401MarksTheConnectionRevokedAndFailsWithoutRetry() {
    manager.connect(
        KEY, OAuthCredential.builder(CalendlyClient.PROVIDER, USER, "pat-SECRET").build());
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(json(401, UNAUTHENTICATED)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.currentUser(TENANT));

    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("pat-SECRET");
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.REVOKED);
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer pat-SECRET")));
    wm.verify(0, postRequestedFor(urlEqualTo("/oauth/token")));

    // Until the tenant connects again, calls fail fast without reaching Calendly.
    assertThat(
            catchThrowableOfType(
                ReauthorizationRequiredException.class, () -> client.currentUser(TENANT)))
        .isNotNull();
    wm.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void anOAuthTokenRefusedWith401IsRefreshedOnceAndTheCallSentOnceMore() {
    connectOAuth();
    refreshAnswers("at-NEW", "rt-2");
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer at-OLD"))
            .willReturn(json(401, UNAUTHENTICATED)));
    wm.stubFor(
        get(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer at-NEW"))
            .willReturn(json(200, user())));

    assertThat(client.currentUser(TENANT).uri()).isEqualTo(USER);

    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/oauth/token"))
            .withRequestBody(equalTo("grant_type=refresh_token&refresh_token=rt-1")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer at-OLD")));
    wm.verify(
        1,
        getRequestedFor(urlEqualTo("/users/me"))
            .withHeader("Authorization", equalTo("Bearer at-NEW")));
    assertThat(store.load(KEY).orElseThrow().refreshToken()).contains("rt-2");
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.CONNECTED);
  }

  @Test
  void aBookingRefusedWith401IsSentOnceMoreWithTheNewTokenAndBooksOnce() {
    connectOAuth();
    refreshAnswers("at-NEW", "rt-2");
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer at-OLD"))
            .willReturn(json(401, UNAUTHENTICATED)));
    wm.stubFor(
        post(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer at-NEW"))
            .willReturn(
                json(
                    201,
                    "{\"resource\":" + invitee("E1", "I1", "maria@example.com", "active") + "}")));
    CreateInviteeRequest request =
        CreateInviteeRequest.builder(EVENT_TYPE, Instant.parse("2026-12-01T13:00:00Z"))
            .invitee("María Pérez", "maria@example.com", ZoneId.of("America/Santiago"))
            .build();

    assertThat(client.createInvitee(TENANT, request).uri()).endsWith("/invitees/I1");

    String body =
        "{\"event_type\":\""
            + EVENT_TYPE
            + "\",\"start_time\":\"2026-12-01T13:00:00Z\",\"invitee\":{\"name\":\"María"
            + " Pérez\",\"email\":\"maria@example.com\",\"timezone\":\"America/Santiago\"}}";
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer at-OLD"))
            .withRequestBody(equalToJson(body)));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/invitees"))
            .withHeader("Authorization", equalTo("Bearer at-NEW"))
            .withRequestBody(equalToJson(body)));
  }

  @Test
  void aSecond401AfterTheRefreshStandsWithoutAnotherRefresh() {
    connectOAuth();
    refreshAnswers("at-NEW", "rt-2");
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(json(401, UNAUTHENTICATED)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.currentUser(TENANT));

    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.isRetryable()).isFalse();
    wm.verify(2, getRequestedFor(urlEqualTo("/users/me")));
    wm.verify(1, postRequestedFor(urlEqualTo("/oauth/token")));
  }

  @Test
  void aRefreshRefusedWithInvalidGrantAsksTheTenantToConnectAgain() {
    connectOAuth();
    wm.stubFor(
        post(urlEqualTo("/oauth/token"))
            .willReturn(
                json(
                    400,
                    "{\"error\":\"invalid_grant\",\"error_description\":\"The provided"
                        + " authorization grant is invalid\"}")));
    wm.stubFor(get(urlEqualTo("/users/me")).willReturn(json(401, UNAUTHENTICATED)));

    ReauthorizationRequiredException e =
        catchThrowableOfType(
            ReauthorizationRequiredException.class, () -> client.currentUser(TENANT));

    assertThat(e.getMessage()).doesNotContain("rt-1", "at-OLD");
    assertThat(e.getSuppressed())
        .anySatisfy(s -> assertThat(s).isInstanceOf(ProviderException.class));
    assertThat(manager.status(KEY).status()).isEqualTo(ConnectionStatus.NEEDS_REAUTHORIZATION);
    wm.verify(1, getRequestedFor(urlEqualTo("/users/me")));
  }
}
