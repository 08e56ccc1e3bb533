package dev.cita.scheduling.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Twilio's untrusted inputs: the form decoder, the request validator and the webhook
 * verifier/parser each return, or throw only their documented exception, within a bounded time
 * per input. Inputs of {@link #validator} and {@link #verifyAndParse} are {@code url \n signature
 * \n body}; seeds are in {@code TwilioWebhooksFuzzTestInputs/<method>/}.
 */
class TwilioWebhooksFuzzTest {
  private static final Duration BOUND = Duration.ofSeconds(2);
  private static final String TOKEN = "twilio-auth-token-fuzz";
  private static final TwilioRequestValidator VALIDATOR = TwilioRequestValidator.withAuthToken(TOKEN);
  private static final TwilioWebhooks WEBHOOKS = TwilioWebhooks.builder(VALIDATOR).build();

  /** {@code FormEncoding.parse}: a map, or IllegalArgumentException for a malformed escape. */
  @FuzzTest(maxDuration = "10s")
  void formDecoding(byte[] input) {
    long started = System.nanoTime();
    try {
      Map<String, List<String>> form = FormEncoding.parse(new String(input, StandardCharsets.UTF_8));
      assertThat(form.values()).allSatisfy(values -> assertThat(values).isNotEmpty());
    } catch (IllegalArgumentException documented) {
      // a malformed %-escape
    }
    assertBounded(started);
  }

  /** {@code TwilioRequestValidator}: true or false for any URL, form and signature; never throws. */
  @FuzzTest(maxDuration = "10s")
  void validator(byte[] input) {
    String[] parts = parts(input);
    if (parts[0].isBlank()) {
      return; // a blank URL is a caller bug (ValidationException), not remote input
    }
    long started = System.nanoTime();
    Map<String, List<String>> form;
    try {
      form = FormEncoding.parse(parts[2]);
    } catch (IllegalArgumentException notAForm) {
      form = Map.of("Body", List.of(parts[2]));
    }
    VALIDATOR.validate(parts[0], form, parts[1]);
    VALIDATOR.validateJsonBody(parts[0], parts[2].getBytes(StandardCharsets.UTF_8), parts[1]);
    assertBounded(started);
  }

  /**
   * {@code TwilioWebhooks.verify} passes or throws WebhookVerificationException; {@code parse}
   * returns or throws WebhookParseException (or ValidationException for a field the model refuses).
   */
  @FuzzTest(maxDuration = "10s")
  void verifyAndParse(byte[] input) {
    String[] parts = parts(input);
    WebhookRequest request;
    try {
      request = WebhookRequest.builder("POST", parts[0]).header(TwilioWebhooks.SIGNATURE_HEADER, parts[1])
          .header("Content-Type", "application/x-www-form-urlencoded").body(parts[2]).build();
    } catch (ValidationException notARequest) {
      return; // the framework adapter would not build such a request either (blank URL)
    }
    long started = System.nanoTime();
    try {
      WEBHOOKS.verify(request);
    } catch (WebhookVerificationException documented) {
      // refused
    }
    try {
      ParsedWebhook parsed = WEBHOOKS.parse(request);
      assertThat(parsed.trigger()).isNotBlank();
    } catch (WebhookParseException | ValidationException documented) {
      // unreadable
    }
    assertBounded(started);
  }

  /** {@code url \n signature \n body}, missing parts empty. */
  private static String[] parts(byte[] input) {
    String[] split = new String(input, StandardCharsets.UTF_8).split("\n", 3);
    String[] parts = {"", "", ""};
    System.arraycopy(split, 0, parts, 0, split.length);
    return parts;
  }

  private static void assertBounded(long startedNanos) {
    assertThat(Duration.ofNanos(System.nanoTime() - startedNanos)).isLessThan(BOUND);
  }
}
