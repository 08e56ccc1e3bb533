package dev.cita.scheduling.google;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.testkit.WebhookFuzzing;
import dev.cita.scheduling.webhook.WebhookRequest;

/**
 * Google push notifications: {@link GoogleWebhooks#verify} (channel id, token and resource id
 * headers) passes or throws WebhookVerificationException, and {@link GoogleWebhooks#parse} (the
 * resource state and the events list JSON) returns this tenant's events or throws
 * WebhookParseException (or ValidationException), within {@link WebhookFuzzing#BOUND} per input.
 * The verifier's input is {@code channel-id \n token \n resource-id}; the parser's is {@code
 * resource-state \n events-json}. Seeds are in {@code GoogleWebhooksFuzzTestInputs/<method>/}.
 */
class GoogleWebhooksFuzzTest {
  private static final GoogleWebhooks WEBHOOKS = GoogleTestSupport.webhooksWithOneChannel();

  static {
    WebhookFuzzing.warmUp(
        () -> WEBHOOKS.parse(request("ch-1", "tok-1", "res-primary", "exists", "{\"items\":[]}")));
  }

  @FuzzTest(maxDuration = "10s")
  void verify(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 3);
    WebhookFuzzing.verifyOrRefuse(WEBHOOKS, request(p[0], p[1], p[2], "exists", ""));
  }

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 2);
    WebhookFuzzing.parseOrReject(
        WEBHOOKS, request("ch-1", "tok-1", "res-primary", p[0], p[1]), GoogleTestSupport.CLINIC);
  }

  /** A notification; an empty value leaves its header out. */
  private static WebhookRequest request(
      String channel, String token, String resource, String state, String body) {
    WebhookRequest.Builder b =
        WebhookRequest.builder("POST", "https://app.example/hooks/google").body(body);
    String[][] headers = {
      {GoogleWebhooks.CHANNEL_ID, channel},
      {GoogleWebhooks.CHANNEL_TOKEN, token},
      {GoogleWebhooks.RESOURCE_ID, resource},
      {GoogleWebhooks.RESOURCE_STATE, state}
    };
    for (String[] h : headers) {
      if (!h[1].isEmpty()) {
        b.header(h[0], h[1]);
      }
    }
    return b.build();
  }
}
