package dev.cita.scheduling.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/** Builds signed test deliveries for {@link HmacJsonWebhooks}. */
final class Deliveries {
  static final String SECRET = "whsec-test-0123456789";
  static final String URL = "https://app.example.cl/hooks/testcal?tenant=norte";
  static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private Deliveries() {}

  /**
   * A JSON body: {@code booking} is about booking {@code id} of tenant norte, 30 minutes from
   * {@code startMinute}.
   */
  static ObjectNode body(
      String trigger, String deliveryId, String bookingId, int startMinute, Instant occurredAt) {
    ObjectNode root = JSON.createObjectNode();
    root.put("trigger", trigger);
    if (deliveryId != null) {
      root.put("deliveryId", deliveryId);
    }
    root.put("occurredAt", occurredAt.toString());
    ObjectNode b = root.putObject("booking");
    b.put("id", bookingId);
    b.put("tenant", "norte");
    b.put("resource", "dra-ana");
    b.put("type", "consulta");
    b.put("start", T0.plus(Duration.ofMinutes(startMinute)).toString());
    b.put("end", T0.plus(Duration.ofMinutes(startMinute + 30)).toString());
    b.putObject("attendee").put("name", "Camila Rojas").put("email", "camila@example.cl");
    return root;
  }

  static WebhookRequest signed(ObjectNode body) {
    return signed(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static WebhookRequest signed(byte[] body) {
    return WebhookRequest.builder("POST", URL)
        .header("Content-Type", "application/json")
        .header(HmacJsonWebhooks.SIGNATURE_HEADER, HmacJsonWebhooks.sign(SECRET, body))
        .body(body)
        .build();
  }
}
