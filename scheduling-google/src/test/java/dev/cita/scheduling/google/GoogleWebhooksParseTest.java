package dev.cita.scheduling.google;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.client.json.gson.GsonFactory;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GoogleWebhooksParseTest {
  /**
   * Found by GoogleWebhooksFuzzTest: a body cut short made Google's JSON parser throw
   * NullPointerException.
   */
  @Test
  void aTruncatedEventsListIsAParseErrorNotANullPointerException() {
    InMemoryGoogleChannelStore channels = new InMemoryGoogleChannelStore();
    channels.save(
        new GoogleChannel(
            "ch-1",
            "res-primary",
            "tok-1",
            Instant.parse("2030-01-01T00:00:00Z"),
            new CalendarAssignment(
                GoogleTestSupport.CLINIC,
                ResourceId.of("dra-ana"),
                GoogleTestSupport.CONNECTION,
                "primary")));
    GoogleWebhooks webhooks = new GoogleWebhooks(channels, GsonFactory.getDefaultInstance());
    WebhookRequest request =
        WebhookRequest.builder("POST", "https://app.example/hooks/google")
            .header("X-Goog-Channel-ID", "ch-1")
            .header("X-Goog-Resource-State", "exists")
            .body("{\"items\":")
            .build();
    assertThatThrownBy(() -> webhooks.parse(request)).isInstanceOf(WebhookParseException.class);
  }
}
