package dev.cita.scheduling.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.WebhookFuzzing;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * Twilio's untrusted inputs: the form decoder, the request validator and the webhook
 * verifier/parser each return, or throw only their documented exception, within {@link
 * WebhookFuzzing#BOUND} per input. Inputs of {@link #validator} and {@link #verifyAndParse} are
 * {@code url \n signature \n body}; seeds are in {@code TwilioWebhooksFuzzTestInputs/<method>/}.
 */
class TwilioWebhooksFuzzTest {
  private static final TwilioRequestValidator VALIDATOR =
      TwilioRequestValidator.withAuthToken("twilio-auth-token-fuzz");
  private static final TwilioWebhooks WEBHOOKS = TwilioWebhooks.builder(VALIDATOR).build();

  /** Twilio events carry no tenant; the parser returns none. */
  private static final TenantId NO_TENANT = TenantId.of("none");

  static {
    WebhookFuzzing.warmUp(() -> FormEncoding.parse("MessageSid=SM1&Body=Hola%2C"));
  }

  /** {@code FormEncoding.parse}: a map, or IllegalArgumentException for a malformed escape. */
  @FuzzTest(maxDuration = "10s")
  void formDecoding(byte[] input) {
    long started = System.nanoTime();
    try {
      Map<String, List<String>> form =
          FormEncoding.parse(new String(input, StandardCharsets.UTF_8));
      assertThat(form.values()).allSatisfy(values -> assertThat(values).isNotEmpty());
    } catch (IllegalArgumentException documented) {
      // a malformed %-escape
    }
    WebhookFuzzing.assertWithinBound(started);
  }

  /**
   * {@code TwilioRequestValidator}: true or false for any URL, form and signature; never throws.
   */
  @FuzzTest(maxDuration = "10s")
  void validator(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 3);
    if (p[0].isBlank()) {
      return; // a blank URL is a caller bug (ValidationException), not remote input
    }
    long started = System.nanoTime();
    Map<String, List<String>> form;
    try {
      form = FormEncoding.parse(p[2]);
    } catch (IllegalArgumentException notAForm) {
      form = Map.of("Body", List.of(p[2]));
    }
    VALIDATOR.validate(p[0], form, p[1]);
    VALIDATOR.validateJsonBody(p[0], p[2].getBytes(StandardCharsets.UTF_8), p[1]);
    WebhookFuzzing.assertWithinBound(started);
  }

  /** {@code TwilioWebhooks.verify} and {@code parse}: only their documented exceptions, in time. */
  @FuzzTest(maxDuration = "10s")
  void verifyAndParse(byte[] input) {
    String[] p = WebhookFuzzing.lines(input, 3);
    if (p[0].isBlank()) {
      return; // no request has a blank URL
    }
    WebhookRequest request =
        WebhookRequest.builder("POST", p[0])
            .header(TwilioWebhooks.SIGNATURE_HEADER, p[1])
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(p[2])
            .build();
    WebhookFuzzing.verifyOrRefuse(WEBHOOKS, request);
    WebhookFuzzing.parseOrReject(WEBHOOKS, request, NO_TENANT);
  }
}
