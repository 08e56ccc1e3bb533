package dev.cita.scheduling.calendly;

import static dev.cita.scheduling.calendly.Fixtures.EVENT_TYPE;
import static dev.cita.scheduling.calendly.Fixtures.USER;
import static dev.cita.scheduling.calendly.Fixtures.eventUri;
import static dev.cita.scheduling.calendly.Fixtures.inviteeUri;

import dev.cita.scheduling.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Webhook deliveries shaped like Calendly's, signed independently of the code under test. */
final class WebhookFixtures {
  static final String KEY = "4f1c2a0e9d8b7c6a5f4e3d2c1b0a99887766554433221100ffeeddccbbaa9988";
  static final String URL = "https://app.example/hooks/calendly?tenant=clinic-1";

  private WebhookFixtures() {}

  static String hmac(String key, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static WebhookRequest signed(String body, long t) {
    return request(body, "t=" + t + ",v1=" + hmac(KEY, t + "." + body));
  }

  static WebhookRequest request(String body, String signatureHeader) {
    return WebhookRequest.builder("POST", URL)
        .header("Content-Type", "application/json")
        .header("Calendly-Webhook-Signature", signatureHeader)
        .body(body)
        .build();
  }

  /** An invitee payload with its scheduled event, as webhooks carry it. */
  static String payload(
      String event,
      String invitee,
      String start,
      String end,
      String status,
      String createdAt,
      String extra) {
    return "{\"uri\":\""
        + inviteeUri(event, invitee)
        + "\",\"email\":\"maria@example.com\",\"name\":\"María Pérez\","
        + "\"status\":\""
        + status
        + "\",\"timezone\":\"America/Santiago\",\"event\":\""
        + eventUri(event)
        + "\","
        + "\"created_at\":\""
        + createdAt
        + "\",\"updated_at\":\""
        + createdAt
        + "\",\"text_reminder_number\":null,"
        + "\"questions_and_answers\":[],\"tracking\":{\"utm_source\":null},\"payment\":null,"
        + "\"cancel_url\":\"https://calendly.com/cancellations/"
        + invitee
        + "\","
        + "\"reschedule_url\":\"https://calendly.com/reschedulings/"
        + invitee
        + "\","
        + "\"scheduled_event\":{\"uri\":\""
        + eventUri(event)
        + "\",\"name\":\"Consulta\",\"status\":\""
        + status
        + "\","
        + "\"start_time\":\""
        + start
        + "\",\"end_time\":\""
        + end
        + "\",\"event_type\":\""
        + EVENT_TYPE
        + "\","
        + "\"location\":{\"type\":\"physical\",\"location\":\"Providencia 123\"},"
        + "\"invitees_counter\":{\"total\":1,\"active\":1,\"limit\":1},\"created_at\":\""
        + createdAt
        + "\","
        + "\"updated_at\":\""
        + createdAt
        + "\",\"event_memberships\":[{\"user\":\""
        + USER
        + "\","
        + "\"user_email\":\"ana@clinica.cl\",\"user_name\":\"Ana\"}],\"event_guests\":[]}"
        + extra
        + "}";
  }

  static String envelope(String event, String createdAt, String payload) {
    return "{\"event\":\""
        + event
        + "\",\"created_at\":\""
        + createdAt
        + "\",\"created_by\":\""
        + USER
        + "\","
        + "\"payload\":"
        + payload
        + "}";
  }
}
