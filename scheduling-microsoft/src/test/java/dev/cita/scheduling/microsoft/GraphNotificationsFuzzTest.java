package dev.cita.scheduling.microsoft;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.memory.InMemoryPushChannelStore;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.testkit.WebhookFuzzing;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.time.Instant;

/**
 * Graph notifications: {@link GraphNotifications#verify} (the JSON body, each notification's
 * subscription and {@code clientState}) passes or throws WebhookVerificationException, and {@link
 * GraphNotifications#parse} acknowledges or throws WebhookParseException, within {@link
 * WebhookFuzzing#BOUND} per input. The input is the body. Seeds are in {@code
 * GraphNotificationsFuzzTestInputs/<method>/}: one subscription, {@code sub-1} with clientState
 * {@code state-1}, is known.
 */
class GraphNotificationsFuzzTest {
  private static final GraphNotifications WEBHOOKS = withOneSubscription();

  static {
    WebhookFuzzing.warmUp(
        () ->
            WEBHOOKS.verify(
                request(
                    "{\"value\":[{\"subscriptionId\":\"sub-1\",\"clientState\":\"state-1\"}]}")));
  }

  private static GraphNotifications withOneSubscription() {
    InMemoryPushChannelStore channels = new InMemoryPushChannelStore();
    channels.save(
        new PushChannel(
            "sub-1",
            "me/events",
            "state-1",
            Instant.parse("2030-01-01T00:00:00Z"),
            new ResourceCalendar(
                MicrosoftTestSupport.CLINIC,
                MicrosoftTestSupport.DR_ANA,
                MicrosoftTestSupport.CONNECTION,
                "me")));
    return new GraphNotifications(channels, "fuzz-secret");
  }

  @FuzzTest(maxDuration = "10s")
  void verify(byte[] input) {
    WebhookFuzzing.verifyOrRefuse(
        WEBHOOKS, request(new String(input, java.nio.charset.StandardCharsets.UTF_8)));
  }

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] input) {
    WebhookFuzzing.parseOrReject(
        WEBHOOKS,
        request(new String(input, java.nio.charset.StandardCharsets.UTF_8)),
        MicrosoftTestSupport.CLINIC);
  }

  private static WebhookRequest request(String body) {
    return WebhookRequest.builder("POST", "https://app.example/hooks/microsoft")
        .header("Content-Type", "application/json")
        .body(body)
        .build();
  }
}
