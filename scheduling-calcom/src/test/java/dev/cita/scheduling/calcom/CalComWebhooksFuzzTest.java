package dev.cita.scheduling.calcom;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.testkit.WebhookFuzzing;
import dev.cita.scheduling.webhook.WebhookRequest;

/**
 * Cal.com's untrusted webhook input: {@link CalComWebhookVerifier#verify} passes or throws
 * WebhookVerificationException, and {@link CalComWebhooks#parse} returns this tenant's events or
 * throws WebhookParseException (or ValidationException), within {@link WebhookFuzzing#BOUND} per
 * input. The verifier's input is {@code tenant-query-value \n signature \n body}; the parser's is
 * the body. Seeds are in {@code CalComWebhooksFuzzTestInputs/<method>/}.
 */
class CalComWebhooksFuzzTest {
  private static final CalComTenants TENANTS =
      CalComTenants.of(
          Fixtures.branch("https://api.cal.com/"),
          CalComTenant.builder(Fixtures.OTHER_BRANCH, "999")
              .webhookSigning(WebhookSigning.unsignedAllowed())
              .build());
  private static final CalComWebhooks WEBHOOKS = CalComWebhooks.create(TENANTS);
  private static final String URL =
      "https://app.example/hooks/calcom?tenant=" + Fixtures.BRANCH.value();

  static {
    WebhookFuzzing.warmUp(
        () ->
            WEBHOOKS.parse(
                WebhookRequest.builder("POST", URL)
                    .body("{\"triggerEvent\":\"PING\",\"payload\":{}}")
                    .build()));
  }

  @FuzzTest(maxDuration = "10s")
  void verify(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 3);
    // The tenant goes into the URL as given, so %0A, %00 and friends reach the verifier decoded.
    WebhookRequest request =
        WebhookRequest.builder("POST", "https://app.example/hooks/calcom?tenant=" + p[0])
            .header(CalComWebhookVerifier.SIGNATURE_HEADER, p[1])
            .body(p[2])
            .build();
    WebhookFuzzing.verifyOrRefuse(WEBHOOKS, request);
  }

  @FuzzTest(maxDuration = "10s")
  void parse(byte[] body) {
    WebhookFuzzing.parseOrReject(
        WEBHOOKS, WebhookRequest.builder("POST", URL).body(body).build(), Fixtures.BRANCH);
  }
}
