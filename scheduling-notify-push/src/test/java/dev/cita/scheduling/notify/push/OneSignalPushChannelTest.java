package dev.cita.scheduling.notify.push;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToIgnoreCase;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
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
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.token.Sleeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The channel against a WireMock OneSignal, with the request and answer shapes of
 * https://documentation.onesignal.com/reference/push-notification.
 */
class OneSignalPushChannelTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String PATH = "/notifications?c=push";
  private static final String APP_ID = "9f1c2a7e-0b3d-4e5f-8a6b-1c2d3e4f5a6b";
  private static final String REST_KEY = "os_v2_app_SECRET-REST-KEY";
  private static final String STAFF = "staff-7";
  private static final String TEXT = "Nueva cita: Ana, mañana 10:00";

  /** {@code UUID.nameUUIDFromBytes("cita-push:appt-42:confirmation:owner")}, worked out by hand. */
  private static final String IDEMPOTENCY_KEY = "fe235a29-1322-3d57-a5b7-6c91f0070ea7";

  private static final String NOTIFICATION_ID = "b98881cc-1e94-4366-bbd9-db8f3429292b";

  private final List<Duration> sleeps = Collections.synchronizedList(new ArrayList<>());
  private final Sleeper sleeper = sleeps::add;

  private OneSignalPushChannel.Builder builder() {
    return OneSignalPushChannel.builder(APP_ID, REST_KEY).baseUrl(wm.baseUrl()).sleeper(sleeper);
  }

  private static OutgoingMessage message() {
    return OutgoingMessage.builder()
        .tenant(TenantId.of("clinic-1"))
        .appointmentId(AppointmentId.of("appt-42"))
        .recipient(RecipientKind.OWNER, AddressKind.PUSH, STAFF)
        .locale(Locale.forLanguageTag("es"))
        .kind(MessageKind.CONFIRMATION)
        .templateKey("confirmation_owner")
        .text(TEXT)
        .idempotencyKey("appt-42:confirmation:owner")
        .build();
  }

  private static ResponseDefinitionBuilder created() {
    return okJson("{\"id\":\"" + NOTIFICATION_ID + "\",\"external_id\":null}");
  }

  private static void stubSequence(ResponseDefinitionBuilder... answers) {
    String state = STARTED;
    for (int i = 0; i < answers.length; i++) {
      String next = i == answers.length - 1 ? "done" : "attempt-" + (i + 2);
      wm.stubFor(
          post(urlEqualTo(PATH))
              .inScenario("sequence")
              .whenScenarioStateIs(state)
              .willReturn(answers[i])
              .willSetStateTo(next));
      state = next;
    }
  }

  private static List<String> sentIdempotencyKeys() {
    return wm.findAll(postRequestedFor(urlEqualTo(PATH))).stream()
        .map(r -> r.getBodyAsString().replaceAll(".*\"idempotency_key\":\"([^\"]+)\".*", "$1"))
        .toList();
  }

  @Test
  void postsTheDocumentedRequestAndAnswersOneSignalsId() {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(created()));

    SendResult result = builder().heading(m -> "Cita").build().send(message());

    assertThat(result.accepted()).isTrue();
    assertThat(result.channelMessageId()).contains(NOTIFICATION_ID);
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(PATH))
            .withHeader("Authorization", equalTo("Key " + REST_KEY))
            .withHeader("Content-Type", equalToIgnoreCase("application/json; charset=utf-8"))
            .withRequestBody(
                equalToJson(
                    "{\"app_id\":\""
                        + APP_ID
                        + "\",\"target_channel\":\"push\","
                        + "\"include_aliases\":{\"external_id\":[\"staff-7\"]},"
                        + "\"headings\":{\"en\":\"Cita\",\"es\":\"Cita\"},"
                        + "\"contents\":{\"en\":\""
                        + TEXT
                        + "\",\"es\":\""
                        + TEXT
                        + "\"},\"idempotency_key\":\""
                        + IDEMPOTENCY_KEY
                        + "\"}")));
  }

  @Test
  void withoutAHeadingSendsNoHeadings() {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(created()));

    builder().build().send(message());

    assertThat(wm.findAll(postRequestedFor(urlEqualTo(PATH))).get(0).getBodyAsString())
        .doesNotContain("headings");
  }

  @Test
  void rateLimitedWaitsRetryAfterThenSendsAgainWithTheSameKey() {
    stubSequence(
        aResponse()
            .withStatus(429)
            .withHeader("Retry-After", "3")
            .withBody("{\"errors\":[\"API rate limit exceeded.\"]}"),
        created());

    SendResult result = builder().build().send(message());

    assertThat(result.channelMessageId()).contains(NOTIFICATION_ID);
    assertThat(sleeps).containsExactly(Duration.ofSeconds(3));
    assertThat(sentIdempotencyKeys()).containsExactly(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY);
  }

  @Test
  void invalidExternalIdIsRefusedAndNotRetried() {
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(400)
                    .withBody("{\"errors\":[\"include_aliases external_id is invalid\"]}")));

    SendResult result = builder().build().send(message());

    assertThat(result.accepted()).isFalse();
    assertThat(result.reason()).hasValueSatisfying(r -> assertThat(r).contains("400"));
    wm.verify(1, postRequestedFor(urlEqualTo(PATH)));
    assertThat(sleeps).isEmpty();
  }

  @Test
  void unknownExternalIdAnsweredWith200IsRefused() {
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson(
                    "{\"id\":\"\",\"errors\":{\"invalid_aliases\":{\"external_id\":[\"staff-7\"]}}}")));

    SendResult result = builder().build().send(message());

    assertThat(result.accepted()).isFalse();
    assertThat(result.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("no push subscription"));
  }

  @Test
  void noSubscribersIsRefused() {
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                okJson("{\"id\":\"\",\"errors\":[\"All included players are not subscribed\"]}")));

    SendResult result = builder().build().send(message());

    assertThat(result.accepted()).isFalse();
    assertThat(result.reason())
        .hasValueSatisfying(r -> assertThat(r).contains("All included players are not subscribed"));
  }

  @Test
  void serverErrorsAreRetriedUpToTheCapWithTheSameKey() {
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(aResponse().withStatus(503).withBody("{\"errors\":[\"unavailable\"]}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> builder().build().send(message()));

    assertThat(e.httpStatus()).hasValue(503);
    assertThat(e.provider()).isEqualTo("onesignal");
    assertThat(sentIdempotencyKeys()).hasSize(4).containsOnly(IDEMPOTENCY_KEY);
    assertThat(sleeps).hasSize(3);
  }

  @Test
  void serverErrorThenSuccessIsOneNotification() {
    stubSequence(aResponse().withStatus(500), created());

    SendResult result = builder().build().send(message());

    assertThat(result.channelMessageId()).contains(NOTIFICATION_ID);
    assertThat(sentIdempotencyKeys()).containsExactly(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY);
  }

  @Test
  void aTimeoutIsRetriedWithTheSameKeyBecauseOneSignalDeduplicatesIt() {
    stubSequence(created().withFixedDelay(1_500), created());
    OneSignalPushChannel channel =
        builder()
            .httpConfig(HttpClientConfig.builder().readTimeout(Duration.ofMillis(300)).build())
            .build();

    SendResult result = channel.send(message());

    assertThat(result.channelMessageId()).contains(NOTIFICATION_ID);
    assertThat(sentIdempotencyKeys()).containsExactly(IDEMPOTENCY_KEY, IDEMPOTENCY_KEY);
  }

  @Test
  void timeoutsOnEveryAttemptFailAfterTheCap() {
    wm.stubFor(post(urlEqualTo(PATH)).willReturn(created().withFixedDelay(1_000)));
    OneSignalPushChannel channel =
        builder()
            .httpConfig(HttpClientConfig.builder().readTimeout(Duration.ofMillis(200)).build())
            .build();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel.send(message()));

    // Not "outcome unknown": OneSignal de-duplicates the key, so a later send of it is safe.
    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.isRetryable()).isTrue();
    assertThat(sentIdempotencyKeys()).hasSize(4).containsOnly(IDEMPOTENCY_KEY);
  }

  @Test
  void theRestKeyIsNeverInTheLogsExceptionsOrToString() {
    wm.stubFor(
        post(urlEqualTo(PATH))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"errors\":[\"Access denied. Please include an 'Authorization: Key'"
                            + " header.\"]}")));
    OneSignalPushChannel channel = builder().build();
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    ProviderException e;
    try {
      System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
      e = catchThrowableOfType(ProviderException.class, () -> channel.send(message()));
    } finally {
      System.setErr(err);
    }

    String logs = captured.toString(StandardCharsets.UTF_8);
    assertThat(logs).contains("notifications").doesNotContain("SECRET-REST-KEY");
    assertThat(e.httpStatus()).hasValue(401);
    assertThat(String.valueOf(e)).doesNotContain("SECRET-REST-KEY");
    assertThat(channel.toString()).contains(APP_ID).doesNotContain("SECRET-REST-KEY");
    wm.verify(1, anyRequestedFor(anyUrl()));
  }

  @Test
  void refusesAMessageNotAddressedToAPushUser() {
    OutgoingMessage phone =
        OutgoingMessage.builder()
            .tenant(TenantId.of("clinic-1"))
            .appointmentId(AppointmentId.of("appt-42"))
            .recipient(RecipientKind.CUSTOMER, AddressKind.PHONE, "+56912345678")
            .locale(Locale.forLanguageTag("es"))
            .kind(MessageKind.REMINDER)
            .templateKey("reminder_customer")
            .text(TEXT)
            .idempotencyKey("k")
            .build();

    assertThatThrownBy(() -> builder().build().send(phone))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo(PATH)))).isEmpty();
    assertThat(builder().build().id()).isEqualTo("push");
    assertThat(builder().build().addressKind()).isEqualTo(AddressKind.PUSH);
  }

  @Test
  void theIdempotencyKeyIsAStableUuidPerMessage() {
    assertThat(OneSignalPushChannel.idempotencyKey(message())).isEqualTo(IDEMPOTENCY_KEY);
  }
}
