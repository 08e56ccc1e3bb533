package dev.cita.examples.clinic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The clinic's WhatsApp number end to end over HTTP, with Twilio's Messages API stood in for by
 * WireMock: a signed inbound message reaches the booking assistant through the starter's {@code
 * POST /cita/webhooks/twilio} and its Spanish answer is posted to Twilio; a wrong signature is
 * refused and sends nothing; and with Twilio configured (no templates) a chat customer's
 * cancellation notice still reaches the chat.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "spring.datasource.url=jdbc:h2:mem:clinic-twilio;DB_CLOSE_DELAY=-1",
      "clinic.clock-start=2026-12-07T12:00:00Z",
      "clinic.keyset-file=target/clinic-twilio-test/token-keyset.json",
      "clinic.twilio-account-sid=" + ClinicTwilioTest.ACCOUNT,
      "clinic.twilio-auth-token=" + ClinicTwilioTest.TOKEN,
      "clinic.twilio-from=whatsapp:+14155238886"
    })
class ClinicTwilioTest {
  static final String ACCOUNT = "AC00000000000000000000000000000000";
  static final String TOKEN = "twilio-auth-token-test";
  static final String MESSAGES = "/2010-04-01/Accounts/" + ACCOUNT + "/Messages.json";

  /** Twilio's Messages API. */
  static final WireMockServer twilio =
      new WireMockServer(WireMockConfiguration.options().dynamicPort());

  static {
    twilio.start();
  }

  @LocalServerPort int port;
  @Autowired BookingService bookings;
  @Autowired ChatLog chats;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("clinic.twilio-base-url", twilio::baseUrl);
    registry.add("clinic.oauth-redirect-port", ClinicTwilioTest::freePort);
  }

  @BeforeEach
  void stubTwilio() {
    twilio.resetAll();
    twilio.stubFor(
        post(urlPathEqualTo(MESSAGES))
            .willReturn(
                aResponse()
                    .withStatus(201)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"sid\":\"SM00000000000000000000000000000001\",\"status\":\"queued\"}")));
  }

  @AfterAll
  static void stop() {
    twilio.stop();
  }

  @Test
  void aSignedWhatsAppMessageIsAnsweredInSpanishThroughTwilio() throws Exception {
    Map<String, String> form = inbound("SM00000000000000000000000000000009", "hola");

    HttpResponse<String> response = postWebhook(form, signature(webhookUrl(), form));

    assertThat(response.statusCode()).isEqualTo(200);
    List<LoggedRequest> sent = sentToTwilio(1);
    assertThat(sent).hasSize(1);
    LoggedRequest reply = sent.get(0);
    assertThat(reply.getUrl()).isEqualTo(MESSAGES);
    assertThat(reply.getHeader("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString((ACCOUNT + ":" + TOKEN).getBytes(StandardCharsets.UTF_8)));
    assertThat(decode(reply.getBodyAsString()))
        .containsExactly(
            Map.entry("To", "whatsapp:+56922223333"),
            Map.entry("From", "whatsapp:+14155238886"),
            Map.entry(
                "Body",
                "¡Hola Rosa! Puedo reservar, cambiar o cancelar tu hora. Escríbeme, por ejemplo,"
                    + " «mañana a las 10» o «el martes en la tarde»."));
  }

  @Test
  void aWrongSignatureIsRefusedAndNothingIsSent() throws Exception {
    Map<String, String> form = inbound("SM00000000000000000000000000000010", "hola");

    HttpResponse<String> forged = postWebhook(form, signature(webhookUrl(), Map.of("Body", "x")));
    HttpResponse<String> unsigned = postWebhook(form, null);

    // No login page and no CSRF refusal: only the signature decides.
    assertThat(forged.statusCode()).isEqualTo(401);
    assertThat(unsigned.statusCode()).isEqualTo(401);
    Thread.sleep(1000);
    assertThat(twilio.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  /**
   * Twilio configured without templates: the WhatsApp channel answers conversations but carries no
   * notices (outside the 24-hour window it could never send them), so a chat customer's
   * confirmation is not dead-lettered and their cancellation reaches the chat.
   */
  @Test
  void withTwilioConfiguredTheChatStillGetsTheCancellationNotice() throws Exception {
    String phone = "+56933334444";
    Appointment booked =
        bookings.book(
            BookingRequest.builder(
                    TenantId.of("providencia"),
                    ResourceId.of("dra-ana-soto"),
                    AppointmentTypeId.of("consulta-general"),
                    LocalDateTime.parse("2026-12-09T10:00").atZone(ClinicAgenda.ZONE).toInstant(),
                    Attendee.builder("Rosa").phone(phone).build())
                .build());
    awaitChat(phone, 1);

    bookings.cancel(booked.tenant(), booked.id());

    List<ChatLog.Message> messages = awaitChat(phone, 2);
    assertThat(messages.get(1).text()).containsIgnoringCase("cancel");
    assertThat(twilio.findAll(anyRequestedFor(anyUrl()))).isEmpty();
  }

  private List<ChatLog.Message> awaitChat(String phone, int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    List<ChatLog.Message> messages = chats.messages(phone);
    while (messages.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      messages = chats.messages(phone);
    }
    assertThat(messages).hasSize(count);
    return messages;
  }

  private static Map<String, String> inbound(String messageSid, String body) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("Body", body);
    form.put("From", "whatsapp:+56922223333");
    form.put("MessageSid", messageSid);
    form.put("ProfileName", "Rosa");
    form.put("To", "whatsapp:+14155238886");
    return form;
  }

  private String webhookUrl() {
    return "http://localhost:" + port + "/cita/webhooks/twilio";
  }

  /** Twilio's algorithm: HMAC-SHA1 of the URL and each parameter's name and value, sorted. */
  private static String signature(String url, Map<String, String> params) throws Exception {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder()
        .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
  }

  private HttpResponse<String> postWebhook(Map<String, String> form, String signature)
      throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(webhookUrl()))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header("X-Twilio-Signature", signature);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The requests posted to the Messages API, once there are {@code count} (or after 15 s). */
  private static List<LoggedRequest> sentToTwilio(int count) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    List<LoggedRequest> sent = twilio.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    while (sent.size() < count && System.nanoTime() < deadline) {
      Thread.sleep(100);
      sent = twilio.findAll(postRequestedFor(urlPathEqualTo(MESSAGES)));
    }
    return sent;
  }

  private static Map<String, String> decode(String form) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String pair : form.split("&")) {
      int eq = pair.indexOf('=');
      out.put(
          URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return out;
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
