package dev.cita.scheduling.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.Recorded.MaxRandom;
import dev.cita.scheduling.http.Recorded.RecordingSleeper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import okhttp3.FormBody;
import okhttp3.Request;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProviderHttpClientTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String BOOKINGS = "/v2/bookings";
  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";

  private final RecordingSleeper sleeper = new RecordingSleeper();
  private final MaxRandom random = new MaxRandom();
  private ProviderHttpClient client;

  record Booking(String uid, String status) {}

  @BeforeEach
  void setUp() {
    client = client(HttpClientConfig.defaults(), ErrorFormat.calcom());
  }

  private ProviderHttpClient client(HttpClientConfig config, ErrorFormat format) {
    return ProviderHttpClient.builder("calcom")
        .baseUrl(wm.baseUrl() + "/")
        .config(config)
        .errorFormat(format)
        .retryPolicy(
            RetryPolicy.builder().backoff(Duration.ofMillis(100), Duration.ofSeconds(1)).build())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
        .sleeper(sleeper)
        .random(random)
        .build();
  }

  private Request getBooking() {
    return new Request.Builder()
        .url(client.url("v2/bookings/bk_1"))
        .header("Authorization", "Bearer at-secret")
        .build();
  }

  private Request createBooking(boolean withIdempotencyKey) {
    Request.Builder b =
        new Request.Builder()
            .url(client.url("v2/bookings"))
            .header("Authorization", "Bearer at-secret")
            .post(client.jsonBody(Map.of("start", "2026-11-23T12:00:00Z", "eventTypeId", 42)));
    if (withIdempotencyKey) {
      b.header("Idempotency-Key", "idem-1");
    }
    return b.build();
  }

  private static void stubSequence(
      String url, boolean isPost, ResponseDefinitionBuilder... responses) {
    for (int i = 0; i < responses.length; i++) {
      String state = i == 0 ? STARTED : "step-" + i;
      var mapping =
          (isPost ? post(urlEqualTo(url)) : get(urlEqualTo(url)))
              .inScenario("seq")
              .whenScenarioStateIs(state)
              .willReturn(responses[i]);
      if (i + 1 < responses.length) {
        mapping = mapping.willSetStateTo("step-" + (i + 1));
      }
      wm.stubFor(mapping);
    }
  }

  @Test
  void successSendsExactlyTheRequestAndDecodesTheBody() {
    wm.stubFor(
        post(urlEqualTo(BOOKINGS))
            .willReturn(
                okJson(
                        "{\"status\":\"success\","
                            + "\"data\":{\"uid\":\"bk_1\"},\"uid\":\"bk_1\",\"status2\":1}")
                    .withHeader("X-Request-Id", "r-1")));

    ProviderResponse response = client.execute(createBooking(false));
    Booking booking = client.json().fromJson(response.body(), Booking.class);

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.requestId()).contains("r-1");
    assertThat(booking.uid()).isEqualTo("bk_1");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(BOOKINGS))
            .withHeader("Authorization", equalTo("Bearer at-secret"))
            .withHeader("Content-Type", equalTo("application/json; charset=UTF-8"))
            .withHeader("User-Agent", equalTo(HttpClientConfig.DEFAULT_USER_AGENT))
            .withRequestBody(
                equalToJson("{\"start\":\"2026-11-23T12:00:00Z\",\"eventTypeId\":42}")));
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void formBodyIsSentAsIs() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"sid\":\"SM1\",\"status\":\"queued\"}")));
    Request send =
        new Request.Builder()
            .url(client.url(MESSAGES.substring(1)))
            .post(
                new FormBody.Builder()
                    .add("To", "whatsapp:+14155550123")
                    .add("Body", "Hola")
                    .build())
            .build();

    assertThat(client.execute(send).status()).isEqualTo(201);

    wm.verify(
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo("To=whatsapp%3A%2B14155550123&Body=Hola")));
  }

  @Test
  void typedExecuteDecodes() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(okJson("{\"uid\":\"bk_1\",\"status\":\"accepted\"}")));
    assertThat(client.execute(getBooking(), Booking.class))
        .isEqualTo(new Booking("bk_1", "accepted"));
  }

  @Test
  void retryAfterSecondsOn429IsWaitedExactlyThenSucceeds() {
    stubSequence(
        "/v2/bookings/bk_1",
        false,
        aResponse().withStatus(429).withHeader("Retry-After", "2"),
        okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(getBooking()).status()).isEqualTo(200);

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
    assertThat(random.bounds).as("no jitter drawn when the provider said how long").isEmpty();
    wm.verify(2, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @Test
  void retryAfterAsHttpDateIsMeasuredAgainstTheClock() {
    stubSequence(
        "/v2/bookings/bk_1",
        false,
        aResponse().withStatus(503).withHeader("Retry-After", "Sat, 21 Nov 2026 10:00:05 GMT"),
        okJson("{\"uid\":\"bk_1\"}"));

    client.execute(getBooking());

    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(5));
  }

  @Test
  void threeServiceUnavailableThenSuccessBacksOffWithFullJitter() {
    stubSequence(
        "/v2/bookings/bk_1",
        false,
        aResponse().withStatus(503),
        aResponse().withStatus(503),
        aResponse().withStatus(503),
        okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(getBooking(), Booking.class).uid()).isEqualTo("bk_1");

    wm.verify(4, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
    // uniform(0, min(cap, base·2^n)): bounds are the ceilings + 1; MaxRandom draws the ceiling.
    assertThat(random.bounds)
        .containsExactly(
            Duration.ofMillis(100).toNanos() + 1,
            Duration.ofMillis(200).toNanos() + 1,
            Duration.ofMillis(400).toNanos() + 1);
    assertThat(sleeper.sleeps)
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
  }

  @Test
  void attemptsAreCappedAndTheLastFailureIsReported() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("X-Request-Id", "req-503")
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"error\",\"error\":{\"code\":\"ServiceUnavailable\",\"message\":\"try"
                            + " later\"}}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(getBooking()));

    wm.verify(4, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
    assertThat(sleeper.sleeps).hasSize(3);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.requestId()).contains("req-503");
    assertThat(e.providerCode()).contains("ServiceUnavailable");
    assertThat(e.getMessage())
        .contains("GET /v2/bookings/bk_1", "try later")
        .doesNotContain("at-secret");
  }

  @Test
  void totalWaitIsCapped() {
    ProviderHttpClient tight =
        ProviderHttpClient.builder("calcom")
            .baseUrl(wm.baseUrl())
            .retryPolicy(
                RetryPolicy.builder()
                    .maxAttempts(10)
                    .backoff(Duration.ofSeconds(1), Duration.ofSeconds(1))
                    .maxTotalWait(Duration.ofMillis(2500))
                    .build())
            .sleeper(sleeper)
            .random(random)
            .build();
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk_1")).willReturn(aResponse().withStatus(500)));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> tight.execute(new Request.Builder().url(tight.url("v2/bookings/bk_1")).build()));

    assertThat(e.httpStatus()).hasValue(500);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    wm.verify(3, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @Test
  void retryAfterLongerThanTheCapEndsTheCallAndIsReported() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "3600")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(getBooking()));

    assertThat(e.retryAfter()).contains(Duration.ofHours(1));
    assertThat(e.isRetryable()).isTrue();
    assertThat(sleeper.sleeps).isEmpty();
    wm.verify(1, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @Test
  void badRequestIsNotRetriedAndCarriesTheProviderCode() {
    wm.stubFor(
        post(urlEqualTo(BOOKINGS))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("X-Request-Id", "req-400")
                    .withBody(
                        "{\"status\":\"error\",\"error\":{\"code\":\"BadRequestException\","
                            + "\"message\":\"start must be in the future\"}}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(true)));

    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.providerCode()).contains("BadRequestException");
    assertThat(e.requestId()).contains("req-400");
  }

  @Test
  void unauthorizedIsNotRetriedAndNeverShowsTheToken() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"status\":\"error\",\"error\":{\"code\":\"UnauthorizedException\","
                            + "\"message\":\"Invalid Access Token: Bearer at-secret\"}}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(getBooking()));

    wm.verify(1, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).doesNotContain("at-secret");
  }

  @Test
  void idempotentPostIsRetriedAfterServerErrors() {
    stubSequence(BOOKINGS, true, aResponse().withStatus(502), okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(createBooking(true)).status()).isEqualTo(200);

    wm.verify(
        2, postRequestedFor(urlEqualTo(BOOKINGS)).withHeader("Idempotency-Key", equalTo("idem-1")));
  }

  @Test
  void plainPostIsNotRetriedAfterAServerError() {
    stubSequence(BOOKINGS, true, aResponse().withStatus(503), okJson("{\"uid\":\"bk_1\"}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    assertThat(e.httpStatus()).hasValue(503);
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
  }

  @Test
  void connectionResetIsRetriedForAnIdempotentCall() {
    stubSequence(
        "/v2/bookings/bk_1",
        false,
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(getBooking(), Booking.class).uid()).isEqualTo("bk_1");

    wm.verify(2, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
    assertThat(sleeper.sleeps).hasSize(1);
  }

  @Test
  void connectionResetAfterAPlainPostWasSentIsNotRetried() {
    stubSequence(
        BOOKINGS,
        true,
        aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER),
        okJson("{\"uid\":\"bk_1\"}"));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
    assertThat(sleeper.sleeps).isEmpty();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.isRetryable()).as("the provider may have acted on it").isFalse();
    assertThat(e.getMessage()).contains("outcome unknown");
    assertThat(e.getCause()).isInstanceOf(IOException.class);
  }

  // Issue 15, duplicate WhatsApp messages: Twilio documents no idempotency header for its REST API
  // (twilio.com/docs/usage/api, "Idempotency" is not among the documented request headers) and
  // message creation is not idempotent (twilio.com/docs/api/errors/20500), so a header with that
  // name must not make a POST look safe to repeat.
  @Test
  void twilioIdempotencyTokenHeaderDoesNotMakeAPostRetryable() {
    Request send =
        new Request.Builder()
            .url(client.url(MESSAGES.substring(1)))
            .header("I-Twilio-Idempotency-Token", "k-1")
            .post(
                new FormBody.Builder()
                    .add("To", "whatsapp:+14155550123")
                    .add("Body", "Hola")
                    .build())
            .build();

    assertThat(Idempotency.of(send)).isEqualTo(Idempotency.NOT_IDEMPOTENT);
  }

  // Issue 15: the outcome of a plain POST that was written is unknown after a reset, a read timeout
  // or
  // a 5xx, and callers must be able to tell that apart from a refusal by its isOutcomeUnknown flag.
  @Test
  void aPlainPostWhoseOutcomeIsUnknownFailsWithTheTypedExceptionAfterOneRequest() {
    stubSequence(BOOKINGS, true, aResponse().withStatus(500), okJson("{\"uid\":\"bk_1\"}"));
    ProviderException serverError =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
    wm.resetAll();
    stubSequence(
        BOOKINGS, true, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), okJson("{}"));
    ProviderException reset =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    assertThat(serverError.isOutcomeUnknown()).isTrue();
    assertThat(serverError.httpStatus()).hasValue(500);
    assertThat(reset.isOutcomeUnknown()).isTrue();
    assertThat(reset.getCause()).isInstanceOf(IOException.class);
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
    assertThat(sleeper.sleeps).isEmpty();
  }

  @Test
  void aRefusedPlainPostIsNotAnUnknownOutcome() {
    wm.stubFor(
        post(urlEqualTo(BOOKINGS))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"error\"}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    assertThat(e.isOutcomeUnknown()).isFalse();
  }

  // Issue 15: Twilio's 429 (error 20429, twilio.com/docs/api/errors/20429) means the request was
  // refused before it was processed, so even a message POST may be sent again after the wait.
  @Test
  void aPlainPostIsRetriedOnAStatusThePolicySaysWasNotProcessed() {
    client =
        ProviderHttpClient.builder("twilio")
            .baseUrl(wm.baseUrl() + "/")
            .errorFormat(ErrorFormat.twilio())
            .retryPolicy(RetryPolicy.builder().retryNotIdempotentOn(429).build())
            .clock(Clock.fixed(NOW, ZoneOffset.UTC))
            .sleeper(sleeper)
            .random(random)
            .build();
    stubSequence(
        MESSAGES,
        true,
        aResponse().withStatus(429).withHeader("Retry-After", "1"),
        aResponse().withStatus(503),
        okJson("{}"));
    Request send =
        new Request.Builder()
            .url(client.url(MESSAGES.substring(1)))
            .post(
                new FormBody.Builder()
                    .add("To", "whatsapp:+14155550123")
                    .add("Body", "Hola")
                    .build())
            .build();

    ProviderException e = catchThrowableOfType(ProviderException.class, () -> client.execute(send));

    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.httpStatus()).hasValue(503);
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(1));
    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void notIdempotentRetryStatusesMustBeRetryableStatuses() {
    assertThatThrownBy(() -> RetryPolicy.builder().retryNotIdempotentOn(500).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("retryNotIdempotentOn");
    assertThat(RetryPolicy.defaults().isRetryableWhenNotIdempotent(429)).isFalse();
  }

  @Test
  void aPlainPostThatNeverLeftIsRetried() throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    ProviderHttpClient nowhere =
        ProviderHttpClient.builder("calcom")
            .baseUrl("http://127.0.0.1:" + closedPort + "/")
            .sleeper(sleeper)
            .random(random)
            .build();
    Request post =
        new Request.Builder()
            .url(nowhere.url("v2/bookings"))
            .post(nowhere.jsonBody(Map.of("a", 1)))
            .build();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> nowhere.execute(post));

    assertThat(sleeper.sleeps).as("all four attempts failed to connect").hasSize(3);
    assertThat(e.isRetryable()).isTrue();
    assertThat(e.getMessage()).contains("before the request was sent");
  }

  @Test
  void readTimeoutIsRetriedForAnIdempotentGet() {
    client =
        client(
            HttpClientConfig.builder().readTimeout(Duration.ofMillis(200)).build(),
            ErrorFormat.calcom());
    stubSequence(
        "/v2/bookings/bk_1",
        false,
        okJson("{\"uid\":\"slow\"}").withFixedDelay(2_000),
        okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(getBooking(), Booking.class).uid()).isEqualTo("bk_1");

    wm.verify(2, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @Test
  void readTimeoutOnAPlainPostIsReportedNotRetried() {
    client =
        client(
            HttpClientConfig.builder().readTimeout(Duration.ofMillis(200)).build(),
            ErrorFormat.calcom());
    wm.stubFor(post(urlEqualTo(BOOKINGS)).willReturn(okJson("{}").withFixedDelay(2_000)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    assertThat(e.getCause()).isInstanceOf(SocketTimeoutException.class);
    assertThat(e.isRetryable()).isFalse();
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
  }

  @Test
  void callTimeoutBoundsAnAttempt() {
    client =
        client(
            HttpClientConfig.builder().callTimeout(Duration.ofMillis(300)).build(),
            ErrorFormat.calcom());
    wm.stubFor(get(urlEqualTo("/v2/bookings/bk_1")).willReturn(okJson("{}").withFixedDelay(2_000)));

    long start = System.nanoTime();
    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(getBooking()));

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
    assertThat(e.isRetryable()).isTrue();
    wm.verify(4, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {
        "EMPTY_RESPONSE",
        "MALFORMED_RESPONSE_CHUNK",
        "RANDOM_DATA_THEN_CLOSE",
        "CONNECTION_RESET_BY_PEER"
      })
  void brokenResponsesAreRetriedForIdempotentCalls(Fault fault) {
    stubSequence(
        "/v2/bookings/bk_1", false, aResponse().withFault(fault), okJson("{\"uid\":\"bk_1\"}"));

    assertThat(client.execute(getBooking(), Booking.class).uid()).isEqualTo("bk_1");

    wm.verify(2, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @ParameterizedTest
  @EnumSource(
      value = Fault.class,
      names = {"EMPTY_RESPONSE", "MALFORMED_RESPONSE_CHUNK", "RANDOM_DATA_THEN_CLOSE"})
  void brokenResponsesEndAPlainPost(Fault fault) {
    wm.stubFor(post(urlEqualTo(BOOKINGS)).willReturn(aResponse().withFault(fault)));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(createBooking(false)));

    assertThat(e.isRetryable()).isFalse();
    wm.verify(1, postRequestedFor(urlEqualTo(BOOKINGS)));
  }

  @Test
  void malformedJsonInASuccessIsATypedErrorNotEchoingTheBody() {
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"uid\": at-secret-value")));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class, () -> client.execute(getBooking(), Booking.class));

    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("Booking").doesNotContain("at-secret-value");
    wm.verify(1, getRequestedFor(urlEqualTo("/v2/bookings/bk_1")));
  }

  @Test
  void oversizedBodiesAreRefused() {
    client = client(HttpClientConfig.builder().maxResponseBytes(10).build(), ErrorFormat.calcom());
    wm.stubFor(
        get(urlEqualTo("/v2/bookings/bk_1"))
            .willReturn(okJson("{\"uid\":\"" + "x".repeat(100) + "\"}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> client.execute(getBooking()));

    assertThat(e.getMessage()).contains("larger than 10 bytes");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void explicitMarkOverridesTheMethodRule() {
    stubSequence(BOOKINGS, true, aResponse().withStatus(503), okJson("{}"));

    client.execute(Idempotency.mark(createBooking(false), Idempotency.IDEMPOTENT));

    wm.verify(2, postRequestedFor(urlEqualTo(BOOKINGS)));
    assertThat(Idempotency.of(Idempotency.mark(getBooking(), Idempotency.NOT_IDEMPOTENT)))
        .isEqualTo(Idempotency.NOT_IDEMPOTENT);
    assertThat(
            List.of(
                Idempotency.of(getBooking()),
                Idempotency.of(createBooking(false)),
                Idempotency.of(createBooking(true))))
        .containsExactly(
            Idempotency.IDEMPOTENT, Idempotency.NOT_IDEMPOTENT, Idempotency.IDEMPOTENT);
  }

  @Test
  void interruptWhileWaitingStopsTheCall() {
    ProviderHttpClient interrupted =
        ProviderHttpClient.builder("calcom")
            .baseUrl(wm.baseUrl())
            .sleeper(
                d -> {
                  throw new InterruptedException();
                })
            .build();
    wm.stubFor(get(urlEqualTo("/x")).willReturn(aResponse().withStatus(503)));

    ProviderException e =
        catchThrowableOfType(
            ProviderException.class,
            () -> interrupted.execute(new Request.Builder().url(interrupted.url("x")).build()));

    assertThat(e.getMessage()).contains("interrupted");
    assertThat(Thread.interrupted()).as("the interrupt flag is restored").isTrue();
    wm.verify(1, getRequestedFor(urlEqualTo("/x")));
  }
}
