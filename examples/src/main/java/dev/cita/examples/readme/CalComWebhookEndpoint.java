package dev.cita.examples.readme;

import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookHandler;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookResult;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The HTTP endpoint Cal.com posts its webhooks to, whatever your web framework. */
public class CalComWebhookEndpoint {
  private final WebhookHandler webhooks;

  /** {@code calcomWebhooks}: the CalComWebhooks of scheduling-calcom (see its README). */
  public CalComWebhookEndpoint(
      InMemoryAppointmentStore appointments, ProviderWebhooks calcomWebhooks) {
    webhooks =
        WebhookHandler.builder()
            .appointmentStore(appointments)
            .inbox(new InMemoryWebhookInbox())
            .provider(calcomWebhooks)
            .outboxStore(
                appointments.outbox()) // an older write's late echo never undoes a newer one
            .build();
  }

  /** Handles one POST and returns the HTTP status to answer. */
  public int post(String fullUrl, Map<String, List<String>> headers, InputStream in)
      throws IOException {
    WebhookResult result =
        webhooks.handle(
            "calcom",
            WebhookRequest.builder("POST", fullUrl)
                .headers(headers)
                .body(WebhookRequest.readBody(in, webhooks.maxBodyBytes()))
                .build());
    return result.status(); // 200 handled/duplicate/ignored/rejected, 401 bad signature,
    // 413 too large, 5xx only when a retry may succeed
  }
}
