package dev.cita.scheduling.calendly;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.testkit.TestClock;
import dev.cita.scheduling.testkit.WebhookFuzzing;
import dev.cita.scheduling.webhook.WebhookRequest;

/**
 * Calendly's untrusted webhook input: {@link CalendlyWebhookVerifier#verify} (the {@code t=…,v1=…}
 * header, the tenant in the URL) passes or throws WebhookVerificationException, and {@link
 * CalendlyWebhooks#parse} returns this tenant's events or throws WebhookParseException (or
 * ValidationException), within {@link WebhookFuzzing#BOUND} per input. The verifier's input is
 * {@code tenant-query-value \n signature-header \n body}; the parser's is the body. Seeds are in
 * {@code CalendlyWebhooksFuzzTestInputs/<method>/}.
 */
class CalendlyWebhooksFuzzTest {
  private static final InMemorySigningKeyStore KEYS = new InMemorySigningKeyStore();
  private static final CalendlyWebhooks WEBHOOKS =
      CalendlyWebhooks.of(
          CalendlyWebhookVerifier.builder(KEYS).clock(new TestClock(Fixtures.NOW)).build(),
          Fixtures.mappings());

  static {
    KEYS.save(
        Fixtures.TENANT, "https://api.calendly.com/webhook_subscriptions/W1", WebhookFixtures.KEY);
    WebhookFuzzing.warmUp(
        () ->
            WEBHOOKS.parse(
                WebhookRequest.builder("POST", WebhookFixtures.URL)
                    .body("{\"event\":\"x\"}")
                    .build()));
  }

  @FuzzTest(maxDuration = "10s")
  void verify(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 3);
    // The tenant goes into the URL as given, so %0A, %00 and friends reach the verifier decoded.
    WebhookRequest request =
        WebhookRequest.builder("POST", "https://app.example/hooks/calendly?tenant=" + p[0])
            .header(CalendlyWebhookVerifier.HEADER, p[1])
            .body(p[2])
            .build();
    WebhookFuzzing.verifyOrRefuse(WEBHOOKS, request);
  }

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] body) {
    WebhookFuzzing.parseOrReject(
        WEBHOOKS,
        WebhookRequest.builder("POST", WebhookFixtures.URL).body(body).build(),
        Fixtures.TENANT);
  }
}
