package dev.cita.scheduling.whatsapp.channel;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.AUTH_TOKEN;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.PHONE;
import static dev.cita.scheduling.whatsapp.channel.Fixtures.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.cita.scheduling.notify.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: error 63016 (free-form message outside the 24-hour window) arrives on the status
 * callback, after the POST was answered 201 "queued" ("Track the message status of outbound
 * messages", twilio.com/docs/messaging/guides/track-outbound-message-status; error page
 * twilio.com/docs/api/errors/63016). Before the fix the callback only updated the tracker and the
 * reminder was silently lost.
 */
class TemplateResendAfter63016Test {
  @RegisterExtension
  static WireMockExtension wm =
      WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  private static final String MESSAGES = "/2010-04-01/Accounts/AC123/Messages.json";
  private static final Instant NOW = Instant.parse("2026-11-21T10:00:00Z");

  private final MutableClock clock = new MutableClock(NOW);
  private final CustomerWindow window = CustomerWindow.inMemory(clock);
  private final MessageStatusTracker tracker = MessageStatusTracker.inMemory();
  private final SentMessageStore sent = SentMessageStore.inMemory(clock, Duration.ofDays(2));

  /** One application node: its own channel over the stores the nodes share. */
  private TwilioWhatsAppChannel node() {
    return TwilioWhatsAppChannel.builder(
            TwilioConfig.builder()
                .accountSid("AC123")
                .authToken(AUTH_TOKEN)
                .from("whatsapp:+14155238886")
                .statusCallback("https://clinic.example/twilio/status")
                .baseUrl(wm.baseUrl())
                .template("reminder_customer", "HXreminder01")
                .build())
        .customerWindow(window)
        .statusTracker(tracker)
        .sentMessages(sent)
        .clock(clock)
        .sleeper(d -> {})
        .build();
  }

  /**
   * The form fields of Twilio's status callback for a failed WhatsApp message, as the guide lists
   * them (MessageSid, MessageStatus, ErrorCode, To, From, AccountSid, ApiVersion, plus the legacy
   * SmsSid/SmsStatus), in the order Twilio posts them.
   */
  private static Map<String, String> failedCallback(String sid, String status) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("ChannelPrefix", "whatsapp");
    form.put("ApiVersion", "2010-04-01");
    form.put("ErrorCode", "63016");
    form.put("SmsStatus", status);
    form.put("SmsSid", sid);
    form.put(
        "ChannelStatusMessage",
        "Failed to send freeform message because you are outside the allowed window.");
    form.put("MessageStatus", status);
    form.put("ChannelToAddress", "+569123XXXXX");
    form.put("To", "whatsapp:" + PHONE);
    form.put("MessageSid", sid);
    form.put("AccountSid", "AC123");
    form.put("From", "whatsapp:+14155238886");
    return form;
  }

  private static Optional<SendResult> deliver(
      TwilioWhatsAppChannel node, Map<String, String> form) {
    return node.statusReported(
        form.get("MessageSid"),
        form.get("MessageStatus"),
        Optional.ofNullable(form.get("ErrorCode")));
  }

  private void freeFormAcceptedThenTemplate() {
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("send")
            .whenScenarioStateIs(STARTED)
            .willReturn(created("SMfree1"))
            .willSetStateTo("template"));
    wm.stubFor(
        post(urlEqualTo(MESSAGES))
            .inScenario("send")
            .whenScenarioStateIs("template")
            .willReturn(created("SMtemplate1")));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder created(
      String sid) {
    return aResponse()
        .withStatus(201)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"sid\":\"" + sid + "\",\"status\":\"queued\",\"to\":\"whatsapp:" + PHONE + "\"}");
  }

  @Test
  void a63016CallbackClosesTheWindowAndResendsTheSameNotificationAsItsTemplateOnce() {
    freeFormAcceptedThenTemplate();
    window.recordInbound(
        TENANT, PHONE, NOW.minus(Duration.ofHours(2))); // Cita believes the window open
    TwilioWhatsAppChannel node = node();
    assertThat(node.send(Fixtures.reminder()).channelMessageId()).contains("SMfree1");

    clock.advance(Duration.ofSeconds(5));
    Optional<SendResult> resent = deliver(node, failedCallback("SMfree1", "undelivered"));
    Optional<SendResult> redelivered = deliver(node, failedCallback("SMfree1", "undelivered"));
    Optional<SendResult> failedToo = deliver(node, failedCallback("SMfree1", "failed"));

    assertThat(resent.flatMap(SendResult::channelMessageId)).contains("SMtemplate1");
    assertThat(redelivered).isEmpty();
    assertThat(failedToo).isEmpty();
    assertThat(window.isOpen(TENANT, PHONE)).isFalse();
    assertThat(tracker.status("SMfree1"))
        .map(MessageStatusRecord::status)
        .contains(MessageStatus.UNDELIVERED);
    assertThat(tracker.status("SMfree1")).flatMap(MessageStatusRecord::errorCode).contains("63016");
    wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)).withRequestBody(containing("Body=")));
    wm.verify(
        1,
        postRequestedFor(urlEqualTo(MESSAGES))
            .withRequestBody(
                equalTo(
                    "To=whatsapp%3A%2B56912345678&From=whatsapp%3A%2B14155238886&ContentSid=HXreminder01"
                        + "&ContentVariables=%7B%221%22%3A%22Ana%22%2C%222%22%3A%22ma%C3%B1ana+10%3A00%22%7D"
                        + "&StatusCallback=https%3A%2F%2Fclinic.example%2Ftwilio%2Fstatus")));
  }

  @Test
  void aCustomerWhoWritesAfterTheFailureOpensTheWindowAgain() {
    freeFormAcceptedThenTemplate();
    window.recordInbound(TENANT, PHONE, NOW.minus(Duration.ofHours(2)));
    TwilioWhatsAppChannel node = node();
    node.send(Fixtures.reminder());
    clock.advance(Duration.ofMinutes(1));
    window.recordInbound(
        TENANT, PHONE, clock.instant().plusSeconds(1)); // wrote just after the failure

    deliver(node, failedCallback("SMfree1", "failed"));

    assertThat(window.isOpen(TENANT, PHONE)).isTrue();
  }

  @Test
  void otherFailuresAndTemplatesAreNotSentAgain() {
    wm.stubFor(post(urlEqualTo(MESSAGES)).willReturn(created("SMtpl")));
    TwilioWhatsAppChannel node = node();
    node.send(Fixtures.reminder()); // window closed: sent as a template already
    Map<String, String> otherError = failedCallback("SMtpl", "undelivered");
    otherError.put("ErrorCode", "63024");

    assertThat(deliver(node, failedCallback("SMtpl", "undelivered"))).isEmpty();
    assertThat(deliver(node, otherError)).isEmpty();
    assertThat(deliver(node, failedCallback("SMunknown", "failed"))).isEmpty();

    wm.verify(1, postRequestedFor(urlEqualTo(MESSAGES)));
  }

  /**
   * The same callback delivered many times at once to two nodes (Twilio retries a callback it
   * thinks failed; a load balancer spreads them): the template goes out exactly once.
   */
  @Test
  void concurrentDuplicateCallbacksOnTwoNodesResendOnce() throws Exception {
    for (int round = 0; round < 20; round++) {
      wm.resetAll();
      freeFormAcceptedThenTemplate();
      window.recordInbound(TENANT, PHONE, clock.instant().minus(Duration.ofHours(1)));
      TwilioWhatsAppChannel first = node();
      TwilioWhatsAppChannel second = node();
      String key = "appt-" + round + ":reminder:customer";
      dev.cita.scheduling.notify.OutgoingMessage m = Fixtures.reminder();
      dev.cita.scheduling.notify.OutgoingMessage message =
          dev.cita.scheduling.notify.OutgoingMessage.builder()
              .tenant(m.tenant())
              .appointmentId(m.appointmentId())
              .recipient(m.recipientKind(), m.addressKind(), m.address())
              .locale(m.locale())
              .kind(m.kind())
              .templateKey(m.templateKey())
              .templateVariables(m.templateVariables())
              .text(m.text())
              .idempotencyKey(key)
              .build();
      assertThat(first.send(message).channelMessageId()).contains("SMfree1");

      int callers = 8;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(callers);
      List<Future<Optional<SendResult>>> results = new ArrayList<>();
      try {
        for (int i = 0; i < callers; i++) {
          TwilioWhatsAppChannel node = i % 2 == 0 ? first : second;
          Callable<Optional<SendResult>> call =
              () -> {
                start.await();
                return deliver(node, failedCallback("SMfree1", "undelivered"));
              };
          results.add(pool.submit(call));
        }
        start.countDown();
        int resent = 0;
        for (Future<Optional<SendResult>> r : results) {
          resent += r.get().isPresent() ? 1 : 0;
        }
        assertThat(resent).as("round %d", round).isEqualTo(1);
      } finally {
        pool.shutdownNow();
      }
      wm.verify(2, postRequestedFor(urlEqualTo(MESSAGES)));
      clock.advance(Duration.ofMinutes(1));
    }
  }
}
