package dev.cita.scheduling.whatsapp.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.AUTH_TOKEN;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.BASIC_AC123;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.BASIC_SKKEY42;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.PHONE;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.http.HttpClientConfig;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.whatsapp.channel.Fixtures.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwilioWhatsAppChannelTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String TO = "To=whatsapp%3A%2B56912345678";
  private static final String FROM = "From=whatsapp%3A%2B14155238886";
  private static final String FREE_FORM_BODY =
      TO + "&" + FROM + "&Body=Hola+Ana%2C+tu+cita+es+ma%C3%B1ana+a+las+10%3A00";
  private static final String TEMPLATE_BODY =
      TO
          + "&"
          + FROM
          + "&ContentSid=HXreminder01"
          + "&ContentVariables=%7B%221%22%3A%22Ana%22%2C%222%22%3A%22ma%C3%B1ana+10%3A00%22%7D";

  private final MutableClock clock = new MutableClock(NOW);
  private final CustomerWindow window = CustomerWindow.inMemory(clock);
  private final MessageStatusTracker tracker = MessageStatusTracker.inMemory();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private TwilioConfig.Builder config() {
    return TwilioConfig.builder()
        .accountSid("AC123")
        .authToken(AUTH_TOKEN)
        .from("whatsapp:+14155238886")
        .baseUrl(wm.baseUrl())
        .template("reminder_customer", "HXreminder01");
  }

  private TwilioWhatsAppChannel channel(TwilioConfig config) {
    return TwilioWhatsAppChannel.builder(config)
        .customerWindow(window)
        .statusTracker(tracker)
        .clock(clock)
        .sleeper(sleeper)
        .build();
  }

  private TwilioWhatsAppChannel channel() {
    return channel(config().build());
  }

  private static ResponseDefinitionBuilder created(String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"whatsapp:" + PHONE + "\"}");
  }

  private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("Twilio-Request-Id", "RQ77")
        .withBody(
            "{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":" + status + "}");
  }

  private void customerWroteAgo(Duration ago) {
    window.recordInbound(TENANT, "whatsapp:" + PHONE, NOW.minus(ago));
  }

  @Test
  void insideTheWindowSendsTheRenderedTextAsBody() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0001")));
    customerWroteAgo(Duration.ofHours(23));

    SendResult result = channel().send(Fixtures.reminder());

    assertThat(result.accepted()).isTrue();
    assertThat(result.channelMessageId()).contains("SM0001");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_AC123))
            .withoutHeader("I-Twilio-Idempotency-Token")
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo(FREE_FORM_BODY)));
  }

  @Test
  void outsideTheWindowSendsTheApprovedTemplateWithNumberedVariables() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0002")));
    customerWroteAgo(Duration.ofHours(24)); // exactly 24 h ago: closed

    SendResult result = channel().send(Fixtures.reminder());

    assertThat(result.channelMessageId()).contains("SM0002");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_AC123))
            .withRequestBody(equalTo(TEMPLATE_BODY)));
  }

  @Test
  void messagingServiceApiKeyAndStatusCallbackAreSentInOrder() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0003")));
    TwilioConfig config =
        TwilioConfig.builder()
            .accountSid("AC123")
            .apiKey("SKkey42", Fixtures.API_SECRET)
            .messagingServiceSid("MGservice9")
            .statusCallback("https://clinic.example/twilio/status")
            .baseUrl(wm.baseUrl() + "/")
            .build();
    customerWroteAgo(Duration.ofMinutes(5));

    channel(config).send(Fixtures.reminder());

    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_SKKEY42))
            .withRequestBody(
                equalTo(
                    TO
                        + "&MessagingServiceSid=MGservice9"
                        + "&Body=Hola+Ana%2C+tu+cita+es+ma%C3%B1ana+a+las+10%3A00"
                        + "&StatusCallback=https%3A%2F%2Fclinic.example%2Ftwilio%2Fstatus")));
  }

  @Test
  void templateWithoutVariablesOmitsContentVariables() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0004")));
    OutgoingMessage noVariables =
        OutgoingMessage.builder()
            .tenant(Fixtures.reminder().tenant())
            .appointmentId(Fixtures.reminder().appointmentId())
            .recipient(
                Fixtures.reminder().recipientKind(), Fixtures.reminder().addressKind(), PHONE)
            .locale(Fixtures.reminder().locale())
            .kind(Fixtures.reminder().kind())
            .templateKey("reminder_customer")
            .text("Recordatorio")
            .idempotencyKey("k-2")
            .build();

    channel().send(noVariables);

    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withRequestBody(equalTo(TO + "&" + FROM + "&ContentSid=HXreminder01")));
  }

  @Test
  void acceptedMessageIsTrackedWithTheStatusTwilioReturned() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0005")));

    channel().send(Fixtures.reminder());

    assertThat(tracker.status("SM0005"))
        .contains(new MessageStatusRecord("SM0005", MessageStatus.QUEUED, Optional.empty(), NOW));
  }

  // Issue 15, duplicate WhatsApp messages. Twilio's error 20429 ("Too Many Requests",
  // twilio.com/docs/api/errors/20429) is a refusal before processing: the POST is sent again after
  // the wait.
  @Test
  void rateLimitedWithRetryAfterIsRetriedOnceAfterTheAskedWait() {
    Fixtures.firstThen(
        wm,
        MESSAGES,
        twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "2"),
        created("SM0006"));

    SendResult result = channel().send(Fixtures.reminder());

    assertThat(result.channelMessageId()).contains("SM0006");
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalTo(TEMPLATE_BODY)));
  }

  // Issue 15: "sending an SMS ... [is] not idempotent. If you get a 500 Server Error on these
  // requests,
  // and you retry the request, it is possible for a customer to receive multiple messages"
  // (twilio.com/docs/api/errors/20500). Before the fix these were retried because of an
  // I-Twilio-Idempotency-Token header that Twilio's REST API does not document.
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"500", "503", "reset after the request", "read timeout"})
  void aSendWhoseOutcomeIsUnknownIsPostedExactlyOnceAndReportedAsUnknown(String fault)
      throws InterruptedException {
    ResponseDefinitionBuilder first =
        switch (fault) {
          case "500" -> twilioError(500, 20500, "Internal Server Error");
          case "503" -> aResponse().withStatus(503);
          case "reset after the request" -> aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER);
          default -> created("SM-late").withFixedDelay(1_500);
        };
    Fixtures.firstThen(wm, MESSAGES, first, created("SM-dup"));
    Duration readTimeout =
        fault.equals("read timeout") ? Duration.ofMillis(300) : Duration.ofSeconds(10);
    TwilioWhatsAppChannel channel =
        channel(
            config()
                .httpClientConfig(HttpClientConfig.builder().readTimeout(readTimeout).build())
                .build());

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));
    // The reminder scheduler tries a failed reminder again: the channel must not post it a second
    // time.
    ProviderException again =
        catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));

    assertThat(e).isNotNull();
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("outcome unknown").doesNotContain("56912345678");
    assertThat(again).isNotNull();
    assertThat(again.isOutcomeUnknown()).isTrue();
    assertThat(again.isRetryable()).isFalse();
    assertThat(again.getMessage()).contains("not sent again").doesNotContain("56912345678");
    assertThat(sleeper.sleeps).isEmpty();
    Thread.sleep(1_600); // WireMock may journal the delayed request only once it has answered it
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aRefusedSendReleasesItsKeySoTheNextAttemptPosts() {
    Fixtures.firstThen(
        wm, MESSAGES, twilioError(400, 21211, "Invalid 'To' Phone Number"), created("SM0010"));
    TwilioWhatsAppChannel channel = channel();

    catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));
    SendResult second = channel.send(Fixtures.reminder());

    assertThat(second.channelMessageId()).contains("SM0010");
    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void anAcceptedKeyAnswersItsSidAgainWithoutPosting() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0011")));
    TwilioWhatsAppChannel channel = channel();

    channel.send(Fixtures.reminder());
    SendResult again = channel.send(Fixtures.reminder());

    assertThat(again.channelMessageId()).contains("SM0011");
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aConnectionThatNeverOpenedIsRetried() throws Exception {
    int closedPort;
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    TwilioWhatsAppChannel nowhere =
        channel(config().baseUrl("http://127.0.0.1:" + closedPort).build());

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> nowhere.send(Fixtures.reminder()));

    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.getMessage()).contains("before the request was sent");
    assertThat(sleeper.sleeps)
        .as("every attempt failed to connect, so each was retried")
        .hasSize(3);
  }

  @Test
  void createdWithoutASidIsAProviderFailure() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"status\":\"queued\"}")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel().send(Fixtures.reminder()));

    assertThat(e).isNotNull();
    assertThat(e.getMessage()).contains("without a message sid");
    assertThat(e.isRetryable()).isFalse();
  }

  @Test
  void twilio63016BecomesWindowClosedAndIsNotRetried() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                twilioError(
                    400,
                    63016,
                    "Failed to send freeform message because you are outside the allowed"
                        + " window.")));
    customerWroteAgo(Duration.ofHours(1)); // our record says open; Twilio disagrees

    WhatsAppWindowClosedException e =
        catchThrowableOfType(
            WhatsAppWindowClosedException.class, () -> channel().send(Fixtures.reminder()));

    assertThat(e).isNotNull();
    assertThat(e.rejectedByTwilio()).isTrue();
    assertThat(e.providerCode()).contains("63016");
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.requestId()).contains("RQ77");
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.templateKey()).isEqualTo("reminder_customer");
    assertThat(e.getMessage()).contains("template", "+********678").doesNotContain("56912345678");
    assertThat(sleeper.sleeps).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(equalTo(FREE_FORM_BODY)));
  }

  @Test
  void otherTwilioErrorIsAProviderExceptionWithItsCodeAndIsNotRetried() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(
                twilioError(
                    400,
                    21211,
                    "The 'To' number whatsapp:" + PHONE + " is not a valid phone number.")));

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel().send(Fixtures.reminder()));

    assertThat(e).isNotNull().isNotInstanceOf(WhatsAppWindowClosedException.class);
    assertThat(e.provider()).isEqualTo("twilio");
    assertThat(e.providerCode()).contains("21211");
    assertThat(e.httpStatus()).hasValue(400);
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.getMessage()).contains("[21211]").doesNotContain("56912345678");
    assertThat(sleeper.sleeps).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void outsideTheWindowWithoutATemplateThrowsBeforeAnyRequest() {
    TwilioConfig noTemplates =
        TwilioConfig.builder()
            .accountSid("AC123")
            .authToken(AUTH_TOKEN)
            .from("+14155238886")
            .baseUrl(wm.baseUrl())
            .build();

    WhatsAppWindowClosedException e =
        catchThrowableOfType(
            WhatsAppWindowClosedException.class,
            () -> channel(noTemplates).send(Fixtures.reminder()));

    assertThat(e).isNotNull();
    assertThat(e.rejectedByTwilio()).isFalse();
    assertThat(e.httpStatus()).isEmpty();
    assertThat(e.isRetryable()).isFalse();
    assertThat(e.templateKey()).isEqualTo("reminder_customer");
    assertThat(e.getMessage())
        .contains("24-hour window", "reminder_customer", "template", "+********678")
        .doesNotContain("56912345678");
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void windowIsAskedWithTheConfiguredScope() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0008")));
    window.recordInbound("AC123", PHONE, NOW.minusSeconds(60));
    TwilioWhatsAppChannel byAccount =
        TwilioWhatsAppChannel.builder(config().build())
            .customerWindow(window)
            .windowScope(m -> "AC123")
            .clock(clock)
            .sleeper(sleeper)
            .build();

    byAccount.send(Fixtures.reminder());
    channel().send(Fixtures.reminder()); // default scope: the tenant, which has no inbound record

    assertThat(wm.findAll(postRequestedFor(urlEqualTo(MESSAGES))))
        .extracting(r -> r.getBodyAsString())
        .isEqualTo(List.of(FREE_FORM_BODY, TEMPLATE_BODY));
  }

  @Test
  void idAndAddressKind() {
    TwilioWhatsAppChannel channel = channel();
    assertThat(channel.id()).isEqualTo("whatsapp");
    assertThat(channel.addressKind()).isEqualTo(dev.cita.scheduling.notify.AddressKind.PHONE);
    assertThat(channel.toString()).contains("AC123").doesNotContain(AUTH_TOKEN);
  }
}
