package dev.cita.scheduling.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import dev.cita.scheduling.webhook.WebhookResult.Outcome;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class TwilioWebhooksTest {
  static final String TOKEN = "auth-token-abc";
  static final String URL = "https://app.example/hooks/twilio?tenant=clinica";

  final TwilioRequestValidator validator = TwilioRequestValidator.withAuthToken(TOKEN);
  final List<Object> heard = new ArrayList<>();
  final TwilioWebhooks twilio =
      TwilioWebhooks.builder(validator)
          .listener(
              new TwilioMessageListener() {
                @Override
                public void inboundMessage(InboundMessage message) {
                  heard.add(message);
                }

                @Override
                public void statusCallback(StatusCallback status) {
                  heard.add(status);
                }
              })
          .build();
  final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  final WebhookHandler handler =
      WebhookHandler.builder()
          .clock(Clock.fixed(Instant.parse("2026-03-02T12:00:00Z"), ZoneOffset.UTC))
          .appointmentStore(store)
          .inbox(new InMemoryWebhookInbox())
          .provider(twilio)
          .build();

  static Map<String, List<String>> inbound(String sid, String body) {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("SmsMessageSid", List.of(sid));
    p.put("NumMedia", List.of("0"));
    p.put("ProfileName", List.of("María José"));
    p.put("SmsStatus", List.of("received"));
    p.put("Body", List.of(body));
    p.put("To", List.of("whatsapp:+14155238886"));
    p.put("MessageSid", List.of(sid));
    p.put("AccountSid", List.of("AC123"));
    p.put("From", List.of("whatsapp:+56912345678"));
    p.put("WaId", List.of("56912345678"));
    p.put("ApiVersion", List.of("2010-04-01"));
    return p;
  }

  WebhookRequest signed(Map<String, List<String>> params) {
    return request(URL, params, validator.sign(URL, params));
  }

  static WebhookRequest request(String url, Map<String, List<String>> params, String signature) {
    String body =
        params.entrySet().stream()
            .flatMap(e -> e.getValue().stream().map(v -> enc(e.getKey()) + "=" + enc(v)))
            .collect(Collectors.joining("&"));
    WebhookRequest.Builder b =
        WebhookRequest.builder("POST", url)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body);
    if (signature != null) {
      b.header("X-Twilio-Signature", signature);
    }
    return b.build();
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void inboundMessageIsVerifiedParsedAndHeardOnce() {
    WebhookRequest request = signed(inbound("SM1", "Hola, quiero reservar mañana a las 10 & algo"));

    WebhookResult first = twilio.handle(handler, request);
    WebhookResult again = twilio.handle(handler, request);

    assertThat(first.outcome()).isEqualTo(Outcome.IGNORED);
    assertThat(again.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(heard)
        .containsExactly(
            new InboundMessage(
                "SM1",
                "whatsapp:+56912345678",
                "whatsapp:+14155238886",
                "Hola, quiero reservar mañana a las 10 & algo",
                Optional.of("María José"),
                Optional.of("56912345678")));
    InboundMessage m = (InboundMessage) heard.get(0);
    assertThat(m.customerPhone()).isEqualTo("+56912345678");
    assertThat(m.toString()).doesNotContain("56912345678").doesNotContain("reservar");
    assertThat(store.size()).isZero();
  }

  @Test
  void parseGivesTheMessageSidAsDeliveryIdAndNoBookingEvent() {
    ParsedWebhook parsed = twilio.parse(signed(inbound("SM9", "hi")));
    assertThat(parsed.isIgnored()).isTrue();
    assertThat(parsed.deliveryId()).contains("SM9");
    assertThat(parsed.trigger()).isEqualTo("message");
  }

  @Test
  void statusCallbacksOfOneMessageAreEachHeardOnce() {
    Map<String, List<String>> sent = new LinkedHashMap<>();
    sent.put("MessageSid", List.of("SM5"));
    sent.put("MessageStatus", List.of("sent"));
    Map<String, List<String>> failed = new LinkedHashMap<>(sent);
    failed.put("MessageStatus", List.of("undelivered"));
    failed.put("ErrorCode", List.of("63016"));

    twilio.handle(handler, signed(sent));
    twilio.handle(handler, signed(failed));
    WebhookResult dup = twilio.handle(handler, signed(failed));

    assertThat(dup.outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(heard)
        .containsExactly(
            new StatusCallback("SM5", "sent", Optional.empty()),
            new StatusCallback("SM5", "undelivered", Optional.of("63016")));
    assertThat(((StatusCallback) heard.get(1)).isFailure()).isTrue();
  }

  @Test
  void signatureWithTheDefaultPortIsAccepted() {
    Map<String, List<String>> p = inbound("SM2", "hola");
    String signature = validator.sign("https://app.example:443/hooks/twilio?tenant=clinica", p);
    assertThat(twilio.handle(handler, request(URL, p, signature)).outcome())
        .isEqualTo(Outcome.IGNORED);
  }

  @Test
  void repeatedParamsAreKept() {
    Map<String, List<String>> p = inbound("SM3", "hola");
    p.put("MediaUrl", List.of("https://a/1", "https://a/0"));
    assertThat(twilio.handle(handler, signed(p)).outcome()).isEqualTo(Outcome.IGNORED);
  }

  @Test
  void missingWrongOrForeignSignaturesAreUnauthorizedAndUnheard() {
    Map<String, List<String>> p = inbound("SM4", "hola");
    String good = validator.sign(URL, p);
    Map<String, List<String>> tampered = inbound("SM4", "hola!");

    assertThat(twilio.handle(handler, request(URL, p, null)).outcome())
        .isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(twilio.handle(handler, request(URL, tampered, good)).outcome())
        .isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(twilio.handle(handler, request(URL + "&x=1", p, good)).outcome())
        .isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(
            twilio
                .handle(
                    handler,
                    request(URL, p, TwilioRequestValidator.withAuthToken("other").sign(URL, p)))
                .outcome())
        .isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(heard).isEmpty();
  }

  @Test
  void malformedBodyIsUnauthorizedNotAnError() {
    WebhookRequest bad =
        WebhookRequest.builder("POST", URL).header("X-Twilio-Signature", "x").body("a=%zz").build();
    assertThat(twilio.handle(handler, bad).outcome()).isEqualTo(Outcome.UNAUTHORIZED);
  }

  @Test
  void signedBodyWithoutMessageSidIsRejectedAndAcknowledged() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("From", List.of("whatsapp:+56912345678"));
    assertThat(twilio.handle(handler, signed(p)).outcome()).isEqualTo(Outcome.REJECTED);
    assertThat(heard).isEmpty();
  }

  // Issue 14, webhooks bullet 2: a 9.9 MB form with a million parameter names took 14.9 s and
  // 766 MB before its 401. Now the body limit, then the parameter count, answer 413 before any
  // decoding or HMAC.
  @Test
  void aFormWithAMillionParametersIsRefusedWith413BeforeDecodingOrHmac() {
    StringBuilder huge = new StringBuilder();
    for (int i = 0; i < 1_000_000; i++) {
      huge.append(i == 0 ? "" : "&").append("pa").append(i);
    }
    WebhookRequest request =
        WebhookRequest.builder("POST", URL)
            .header("X-Twilio-Signature", "forged")
            .body(huge.toString())
            .build();

    long start = System.nanoTime();
    WebhookResult result = twilio.handle(handler, request);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(request.bodyLength()).isGreaterThan(8_000_000);
    assertThat(result.status()).isEqualTo(413);
    assertThat(millis).as("refused without decoding").isLessThan(1_000);
    assertThat(heard).isEmpty();
  }

  @Test
  void aSmallFormWithTooManyParametersIsRefusedWith413() {
    Map<String, List<String>> p = inbound("SM1", "hola");
    for (int i = 0; i < TwilioWebhooks.DEFAULT_MAX_FORM_PARAMETERS; i++) {
      p.put("x" + i, List.of(""));
    }
    WebhookRequest request = signed(p);

    assertThat(request.bodyLength()).isLessThan(WebhookHandler.DEFAULT_MAX_BODY_BYTES);
    assertThat(twilio.handle(handler, request).status()).isEqualTo(413);
    assertThat(heard).isEmpty();
    assertThat(twilio.handle(handler, signed(inbound("SM1", "hola"))).outcome())
        .isEqualTo(Outcome.IGNORED);
  }
}
