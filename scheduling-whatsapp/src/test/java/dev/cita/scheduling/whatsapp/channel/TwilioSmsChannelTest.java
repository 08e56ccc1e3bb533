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
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;
import dev.cita.scheduling.whatsapp.channel.Fixtures.RecordingSleeper;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TwilioSmsChannelTest {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");
  private static final String TO = "To=%2B56912345678";
  private static final String BODY = "Body=Hola+Ana%2C+tu+cita+es+ma%C3%B1ana+a+las+10%3A00";

  private final MutableClock clock = new MutableClock(NOW);
  private final MessageStatusTracker tracker = MessageStatusTracker.inMemory();
  private final RecordingSleeper sleeper = new RecordingSleeper();

  private TwilioConfig.Builder config() {
    return TwilioConfig.builder()
        .accountSid("AC123")
        .authToken(AUTH_TOKEN)
        .from("whatsapp:+14155238886")
        .baseUrl(wm.baseUrl());
  }

  private TwilioSmsChannel.Builder channel(TwilioConfig config) {
    return TwilioSmsChannel.builder(config).statusTracker(tracker).clock(clock).sleeper(sleeper);
  }

  private TwilioSmsChannel channel() {
    return channel(config().build()).from("+14155550100").build();
  }

  private static ResponseDefinitionBuilder created(String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"+56912345678\"}");
  }

  private static ResponseDefinitionBuilder twilioError(int status, int code, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"code\":" + code + ",\"message\":\"" + message + "\",\"status\":" + status + "}");
  }

  private static OutgoingMessage withText(String text) {
    OutgoingMessage r = Fixtures.reminder();
    return OutgoingMessage.builder()
        .tenant(r.tenant())
        .appointmentId(r.appointmentId())
        .recipient(r.recipientKind(), r.addressKind(), r.address())
        .locale(r.locale())
        .kind(r.kind())
        .templateKey(r.templateKey())
        .text(text)
        .idempotencyKey("k-long")
        .build();
  }

  @Test
  void postsToFromAndBodyWithBasicAuth() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0001")));

    SendResult result = channel().send(Fixtures.reminder());

    assertThat(result.accepted()).isTrue();
    assertThat(result.channelMessageId()).contains("SM0001");
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_AC123))
            .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
            .withRequestBody(equalTo(TO + "&From=%2B14155550100&" + BODY)));
    assertThat(tracker.status("SM0001"))
        .contains(new MessageStatusRecord("SM0001", MessageStatus.QUEUED, Optional.empty(), NOW));
  }

  @Test
  void withoutItsOwnNumberTheConfigsMessagingServiceSendsWithTheStatusCallback() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0002")));
    TwilioConfig config =
        TwilioConfig.builder()
            .accountSid("AC123")
            .apiKey("SKkey42", Fixtures.API_SECRET)
            .messagingServiceSid("MGservice9")
            .statusCallback("https://clinic.example/twilio/status")
            .baseUrl(wm.baseUrl())
            .build();

    channel(config).build().send(Fixtures.reminder());

    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withHeader("Authorization", equalTo(BASIC_SKKEY42))
            .withRequestBody(
                equalTo(
                    TO
                        + "&MessagingServiceSid=MGservice9&"
                        + BODY
                        + "&StatusCallback=https%3A%2F%2Fclinic.example%2Ftwilio%2Fstatus")));
  }

  @Test
  void withoutItsOwnNumberOrAServiceTheConfigsNumberSendsWithoutItsWhatsappPrefix() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0003")));

    channel(config().build()).build().send(Fixtures.reminder());

    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withRequestBody(equalTo(TO + "&From=%2B14155238886&" + BODY)));
  }

  @Test
  void rateLimitedIsRetriedAfterTheAskedWait() {
    Fixtures.firstThen(
        wm,
        MESSAGES,
        twilioError(429, 20429, "Too Many Requests").withHeader("Retry-After", "2"),
        created("SM0004"));

    SendResult result = channel().send(Fixtures.reminder());

    assertThat(result.channelMessageId()).contains("SM0004");
    assertThat(sleeper.sleeps).containsExactly(Duration.ofSeconds(2));
    wm.verify(
        2,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withRequestBody(equalTo(TO + "&From=%2B14155550100&" + BODY)));
  }

  // Twilio error 20500: message creation is not idempotent, a retried POST after a 5xx can deliver
  // twice (docs/PROVIDERS.md).
  @Test
  void a500IsAnUnknownOutcomePostedOnceAndNeverSentAgain() {
    Fixtures.firstThen(
        wm, MESSAGES, twilioError(500, 20500, "Internal Server Error"), created("SM-dup"));
    TwilioSmsChannel channel = channel();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));
    ProviderException again =
        catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));

    assertThat(e).isNotNull();
    assertThat(e.isOutcomeUnknown()).isTrue();
    assertThat(e.getMessage()).contains("outcome unknown").doesNotContain("56912345678");
    assertThat(again).isNotNull();
    assertThat(again.isOutcomeUnknown()).isTrue();
    assertThat(again.isRetryable()).isFalse();
    assertThat(again.getMessage()).contains("is not sent again").doesNotContain("56912345678");
    assertThat(sleeper.sleeps).isEmpty();
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void anAcceptedKeyAnswersItsFirstSidWithoutPostingAgain() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0005")));
    TwilioSmsChannel channel = channel();

    channel.send(Fixtures.reminder());
    SendResult again = channel.send(Fixtures.reminder());

    assertThat(again.channelMessageId()).contains("SM0005");
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aRefusedSendReleasesItsKeySoALaterSendPostsAgain() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .willReturn(twilioError(400, 21211, "The 'To' number is not a valid phone number.")));
    TwilioSmsChannel channel = channel();

    ProviderException e =
        catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));
    catchThrowableOfType(ProviderException.class, () -> channel.send(Fixtures.reminder()));

    assertThat(e.isOutcomeUnknown()).isFalse();
    assertThat(e.providerCode()).contains("21211");
    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aSharedStoreKeepsSmsAndWhatsappKeysApart() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0006")));
    SentMessageStore store = SentMessageStore.inMemory(clock, Duration.ofDays(2));
    store.accepted(Fixtures.KEY, "SM-whatsapp", Optional.empty());

    SendResult result =
        channel(config().build()).sentMessages(store).build().send(Fixtures.reminder());

    assertThat(result.channelMessageId()).contains("SM0006");
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  @Test
  void aTextBeyondTheMaximumSegmentsIsRefusedWithoutCallingTwilio() {
    // 202 UTF-16 units with "ó": 4 UCS-2 segments (67 + 67 + 67 + 1), one beyond the default 3.
    OutgoingMessage longText = withText("ó".repeat(202));

    SendResult result = channel().send(longText);

    assertThat(result.accepted()).isFalse();
    assertThat(result.reason())
        .hasValueSatisfying(
            reason -> assertThat(reason).contains("4 segments").contains("UCS_2").contains("3"));
    wm.verify(0, anyRequestedFor(anyUrl()));
  }

  @Test
  void aHigherMaximumLetsTheSameTextGo() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SM0007")));

    SendResult result =
        channel(config().build()).maxSegments(4).build().send(withText("ó".repeat(202)));

    assertThat(result.channelMessageId()).contains("SM0007");
  }

  @Test
  void badSettingsNameTheirField() {
    TwilioSmsChannel.Builder b = channel(config().build());

    assertThatThrownBy(() -> b.from("14155550100"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("from"));
    assertThatThrownBy(() -> b.maxSegments(0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("maxSegments"));
  }

  @Test
  void statusCallbacksAreRecorded() {
    TwilioSmsChannel channel = channel();

    assertThat(channel.statusReported("SM0008", "undelivered", Optional.of("30003"))).isTrue();
    assertThat(channel.statusReported("SM0008", "bogus", Optional.empty())).isFalse();

    assertThat(tracker.status("SM0008"))
        .contains(
            new MessageStatusRecord(
                "SM0008", MessageStatus.UNDELIVERED, Optional.of("30003"), NOW));
  }

  @Test
  void idIsSmsToPhones() {
    assertThat(channel().id()).isEqualTo("sms");
    assertThat(channel().addressKind()).isEqualTo(dev.cita.scheduling.notify.AddressKind.PHONE);
  }
}
