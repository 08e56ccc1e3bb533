package dev.cita.scheduling.google;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.testkit.Race;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link GoogleOAuth#disconnect} on the core's revocation path ({@link GoogleTokenRevoker}
 * registered with {@link CredentialManager}): the exact request Google documents, sent once per
 * disconnect; an outage leaves the connection {@code REVOKING} until a retry revokes it; the
 * credential is deleted only after Google revoked it or the cap was reached.
 */
class GoogleRevocationTest extends GoogleTestSupport {
  /** The refresh token {@code 1//refresh-SECRET}, form-encoded. */
  private static final String FORM = "token=1%2F%2Frefresh-SECRET";

  private static final Duration LEASE = Duration.ofMinutes(2);

  /** Longer than the lease plus any backoff: the next attempt is due by then. */
  private static final Duration LATER = Duration.ofMinutes(10);

  /** How the first attempt fails to reach Google. */
  enum Outage {
    HTTP_503(aResponse().withStatus(503)),
    CONNECTION_RESET(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));

    final ResponseDefinitionBuilder response;

    Outage(ResponseDefinitionBuilder response) {
      this.response = response;
    }
  }

  /** A node: its own manager (revocations capped at {@code maxAttempts}) over the shared stores. */
  private CredentialManager node(int maxAttempts) {
    return CredentialManager.builder()
        .clock(clock)
        .credentialStore(tokens)
        .statusStore(statuses)
        .refresher("google", GoogleTokenRefresher.create(config, clock))
        .revoker("google", GoogleTokenRevoker.create(config))
        .revocationRetries(maxAttempts, Duration.ofMinutes(1), Duration.ofMinutes(1))
        .revocationLease(LEASE)
        .random(new Random(7))
        .build();
  }

  private GoogleOAuth oauth(CredentialManager manager) {
    return GoogleOAuth.builder(config)
        .credentialManager(manager)
        .authorizationStates(states)
        .clock(clock)
        .build();
  }

  /** Google's revoke endpoint answers {@code first} once, then {@code then}. */
  private void revokeAnswers(ResponseDefinitionBuilder first, ResponseDefinitionBuilder then) {
    google.stubFor(
        post("/revoke")
            .inScenario("outage")
            .whenScenarioStateIs(STARTED)
            .willReturn(first)
            .willSetStateTo("up"));
    google.stubFor(post("/revoke").inScenario("outage").whenScenarioStateIs("up").willReturn(then));
  }

  /** Google saw exactly {@code n} requests, each the documented revocation of the refresh token. */
  private void verifyExactlyRevocations(int n) {
    google.verify(
        n,
        postRequestedFor(urlEqualTo("/revoke"))
            .withHeader("Content-Type", containing("application/x-www-form-urlencoded"))
            .withoutHeader("Authorization")
            .withRequestBody(equalTo(FORM)));
    google.verify(n, anyRequestedFor(anyUrl()));
  }

  /** Later retry rounds send nothing more: Google saw {@code n} requests in all. */
  private void assertNothingMoreIsSent(CredentialManager node, int n) {
    clock.advance(LATER);
    assertThat(node.retryRevocations()).isZero();
    verifyExactlyRevocations(n);
  }

  private void assertDeleted() {
    assertThat(tokens.load(CONNECTION)).isEmpty();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.NOT_CONNECTED);
  }

  private void assertStillRevoking() {
    assertThat(tokens.load(CONNECTION)).isPresent();
    assertThat(credentials.status(CONNECTION).status()).isEqualTo(ConnectionStatus.REVOKING);
    assertThatThrownBy(() -> credentials.accessToken(CONNECTION))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void disconnectSendsGooglesRevokeRequestOnceThenDeletesTheCredential() {
    CredentialManager node = node(8);
    connect();
    google.stubFor(post("/revoke").willReturn(ok()));

    assertThat(oauth(node).disconnect(CONNECTION)).isTrue();

    verifyExactlyRevocations(1);
    assertDeleted();
    assertNothingMoreIsSent(node, 1);
    assertThat(oauth(node).disconnect(CONNECTION)).isFalse();
    verifyExactlyRevocations(1);
  }

  @ParameterizedTest
  @EnumSource(Outage.class)
  void anOutageLeavesTheConnectionRevokingUntilOneRetryRevokesIt(Outage outage) {
    CredentialManager node = node(8);
    connect();
    revokeAnswers(outage.response, ok());

    assertThat(oauth(node).disconnect(CONNECTION)).isTrue(); // no longer throws

    verifyExactlyRevocations(1);
    assertStillRevoking();
    // Neither a retry before the attempt is due nor a second disconnect sends anything.
    assertThat(node.retryRevocations()).isZero();
    assertThat(oauth(node).disconnect(CONNECTION)).isTrue();
    verifyExactlyRevocations(1);
    assertStillRevoking();

    clock.advance(LATER);
    assertThat(node.retryRevocations()).isEqualTo(1);

    verifyExactlyRevocations(2);
    assertDeleted();
    assertNothingMoreIsSent(node, 2);
  }

  @Test
  void invalidTokenMeansAlreadyRevokedSoTheCredentialIsDeletedWithoutRetrying() {
    CredentialManager node = node(8);
    connect();
    google.stubFor(
        post("/revoke")
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"invalid_token\",\"error_description\":\"Token expired or"
                            + " revoked\"}")));

    assertThat(oauth(node).disconnect(CONNECTION)).isTrue();

    verifyExactlyRevocations(1);
    assertDeleted();
    assertThat(credentials.status(CONNECTION).reason()).contains("revoked at the provider");
    assertNothingMoreIsSent(node, 1);
  }

  @Test
  void theCredentialIsKeptUntilTheLastAttemptThenDeletedWithoutQuotingTokens() {
    CredentialManager node = node(3);
    connect();
    google.stubFor(post("/revoke").willReturn(aResponse().withStatus(503)));

    oauth(node).disconnect(CONNECTION);
    verifyExactlyRevocations(1);
    assertStillRevoking();
    clock.advance(LATER);
    assertThat(node.retryRevocations()).isEqualTo(1);
    verifyExactlyRevocations(2);
    assertStillRevoking();
    clock.advance(LATER);
    assertThat(node.retryRevocations()).isEqualTo(1);

    verifyExactlyRevocations(3);
    assertDeleted();
    assertThat(credentials.status(CONNECTION).reason())
        .contains("after 3 attempt(s)")
        .doesNotContain(REFRESH)
        .doesNotContain(ACCESS);
    assertNothingMoreIsSent(node, 3);
  }

  @Test
  void racingDisconnectsOnTwoNodesSendOneRevocation() throws Exception {
    List<CredentialManager> nodes = List.of(node(8), node(8));
    connect();
    google.stubFor(post("/revoke").willReturn(ok().withFixedDelay(200)));

    List<Race.Outcome<Boolean>> outcomes =
        Race.run(8, i -> () -> oauth(nodes.get(i % 2)).disconnect(CONNECTION));

    assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).isNull());

    verifyExactlyRevocations(1);
    assertDeleted();
  }

  @Test
  void racingRetriesOnTwoNodesAfterAnOutageSendOneMoreRevocation() throws Exception {
    List<CredentialManager> nodes = List.of(node(8), node(8));
    connect();
    revokeAnswers(Outage.HTTP_503.response, ok().withFixedDelay(200));
    oauth(nodes.get(0)).disconnect(CONNECTION);
    verifyExactlyRevocations(1);
    clock.advance(LATER);

    List<Race.Outcome<Integer>> claimed =
        Race.run(8, i -> () -> nodes.get(i % 2).retryRevocations());

    assertThat(claimed.stream().mapToInt(o -> o.returned()).sum()).as("claimed").isEqualTo(1);
    verifyExactlyRevocations(2);
    assertDeleted();
  }
}
