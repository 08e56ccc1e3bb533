package dev.cita.scheduling.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A provider adapter for tests, shaped like Cal.com's: hex HMAC-SHA256 of the raw body in a header,
 * a JSON envelope {@code {trigger, deliveryId?, occurredAt, booking{...}}}, and a trigger table.
 */
final class HmacJsonWebhooks implements ProviderWebhooks {
  static final String PROVIDER = "testcal";
  static final String SIGNATURE_HEADER = "X-Test-Signature";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, AppointmentStatus> TRIGGERS =
      Map.of(
          "booking.created", AppointmentStatus.SCHEDULED,
          "booking.confirmed", AppointmentStatus.CONFIRMED,
          "booking.rescheduled", AppointmentStatus.RESCHEDULED,
          "booking.cancelled", AppointmentStatus.CANCELLED,
          "booking.no_show", AppointmentStatus.NO_SHOW);

  /** Its status comes from the payload: the status the booking returns to. */
  private static final String NO_SHOW_REVERTED = "booking.no_show_reverted";

  private final byte[] secret;

  HmacJsonWebhooks(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void verify(WebhookRequest request) {
    String given =
        request
            .header(SIGNATURE_HEADER)
            .orElseThrow(
                () -> new WebhookVerificationException(PROVIDER, "missing " + SIGNATURE_HEADER));
    String expected = sign(new String(secret, StandardCharsets.UTF_8), request.body());
    if (!MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
      throw new WebhookVerificationException(PROVIDER, "signature mismatch");
    }
  }

  @Override
  public ParsedWebhook parse(WebhookRequest request) {
    JsonNode root;
    try {
      root = JSON.readTree(request.body());
    } catch (JsonProcessingException e) {
      throw new WebhookParseException("body is not JSON", e);
    } catch (java.io.IOException e) {
      throw new WebhookParseException("body could not be read", e);
    }
    if (root == null || !root.isObject()) {
      throw new WebhookParseException("body is not a JSON object");
    }
    String trigger = text(root, "trigger");
    ParsedWebhook parsed =
        TRIGGERS.containsKey(trigger) || trigger.equals(NO_SHOW_REVERTED)
            ? ParsedWebhook.of(trigger, event(trigger, root, request.queryParameter("tenant")))
            : ParsedWebhook.ignored(trigger);
    return root.hasNonNull("deliveryId")
        ? parsed.withDeliveryId(root.get("deliveryId").asText())
        : parsed;
  }

  /**
   * The tenant is the URL's ({@code ?tenant=}) when it names one, as real adapters do, else the
   * body's.
   */
  private ProviderBookingEvent event(
      String trigger, JsonNode root, java.util.Optional<String> urlTenant) {
    JsonNode b = root.path("booking");
    AppointmentStatus status =
        trigger.equals(NO_SHOW_REVERTED)
            ? AppointmentStatus.valueOf(text(b, "status"))
            : TRIGGERS.get(trigger);
    try {
      ProviderBookingEvent.Builder e =
          ProviderBookingEvent.builder(
              PROVIDER,
              TenantId.of(urlTenant.orElseGet(() -> text(b, "tenant"))),
              text(b, "id"),
              status,
              Instant.parse(text(root, "occurredAt")));
      if (b.hasNonNull("start")) {
        e.time(Instant.parse(text(b, "start")), Instant.parse(text(b, "end")));
      }
      if (b.hasNonNull("appointmentId")) {
        e.appointmentId(dev.cita.scheduling.model.AppointmentId.of(text(b, "appointmentId")));
      }
      if (b.hasNonNull("tagSignature")) {
        e.tagSignature(b.get("tagSignature").asText());
      }
      if (b.hasNonNull("previousId")) {
        e.previousExternalId(text(b, "previousId"));
      }
      if (b.hasNonNull("resource")) {
        e.resource(ResourceId.of(text(b, "resource")));
      }
      if (b.hasNonNull("type")) {
        e.type(AppointmentTypeId.of(text(b, "type")));
      }
      if (b.hasNonNull("attendee")) {
        Attendee.Builder a = Attendee.builder(text(b.get("attendee"), "name"));
        if (b.get("attendee").hasNonNull("email")) {
          a.email(b.get("attendee").get("email").asText());
        }
        e.attendee(a.build());
      }
      return e.build();
    } catch (DateTimeException | IllegalArgumentException e) {
      throw new WebhookParseException("malformed booking field: " + e.getMessage(), e);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new WebhookParseException("missing field '" + field + "'");
    }
    return value.asText();
  }
}
