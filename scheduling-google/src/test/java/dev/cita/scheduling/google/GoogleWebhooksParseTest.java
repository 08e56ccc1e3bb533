package dev.cita.scheduling.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.webhook.ProviderBookingEvent;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GoogleWebhooksParseTest {
  private static GoogleWebhooks webhooks() {
    return GoogleTestSupport.webhooksWithOneChannel();
  }

  private static WebhookRequest notification(String body) {
    return WebhookRequest.builder("POST", "https://app.example/hooks/google")
        .header("X-Goog-Channel-ID", "ch-1")
        .header("X-Goog-Resource-State", "exists")
        .body(body)
        .build();
  }

  /**
   * Found by GoogleWebhooksFuzzTest: a full timestamp in an all-day {@code date} field threw
   * DateTimeParseException out of parse. It is read as the instant it names.
   */
  @Test
  void aTimestampInTheDateFieldIsReadAsThatInstant() {
    String body =
        "{\"timeZone\":\"America/Santiago\",\"items\":[{\"id\":\"citacpnmuoj1e8\","
            + "\"status\":\"confirmed\",\"updated\":\"2026-03-01T12:00:00Z\","
            + "\"start\":{\"date\":\"2025-03-04T10:30:00.000-03:00\"},"
            + "\"end\":{\"date\":\"2025-03-04T11:00:00.000-03:00\"},"
            + "\"extendedProperties\":{\"private\":{\"citaAppointmentId\":\"foobar\","
            + "\"citaTenant\":\"clinica-norte\"}}}]}";
    List<ProviderBookingEvent> events = webhooks().parse(notification(body)).events();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).start()).contains(Instant.parse("2025-03-04T13:30:00Z"));
    assertThat(events.get(0).end()).contains(Instant.parse("2025-03-04T14:00:00Z"));
  }

  /**
   * Found by GoogleWebhooksFuzzTest: a body cut short made Google's JSON parser throw
   * NullPointerException.
   */
  @Test
  void aTruncatedEventsListIsAParseErrorNotANullPointerException() {
    assertThatThrownBy(() -> webhooks().parse(notification("{\"items\":")))
        .isInstanceOf(WebhookParseException.class);
  }
}
