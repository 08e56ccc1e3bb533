package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.webhook.ParsedWebhook;
import dev.cita.scheduling.webhook.ProviderWebhooks;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import dev.cita.scheduling.webhook.WebhookVerifier;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The assertions of a fuzz test of a webhook adapter (Jazzer's {@code @FuzzTest}): a verifier
 * passes or throws {@link WebhookVerificationException}, a parser returns events of the expected
 * tenant or throws {@link WebhookParseException} (or {@link ValidationException} for a field the
 * model refuses), and either takes less than {@link #BOUND} per input. Any other exception, a wrong
 * tenant or a slow input fails the fuzz test, and Jazzer keeps the input as a finding.
 *
 * <pre>{@code
 * @FuzzTest(maxDuration = "10s")
 * void parse(byte[] body) {
 *   WebhookFuzzing.parseOrReject(webhooks, WebhookRequest.builder("POST", URL).body(body).build(), TENANT);
 * }
 * }</pre>
 */
public final class WebhookFuzzing {
  /**
   * The most one input may take: generous for a loaded 2-core CI machine, far below what a
   * quadratic or exponential blow-up costs (libFuzzer's {@code -timeout} catches true hangs).
   */
  public static final Duration BOUND = Duration.ofSeconds(5);

  private WebhookFuzzing() {}

  /**
   * Splits a fuzz input into the fields of a webhook request.
   *
   * @param input the fuzzer's bytes, decoded as UTF-8 (malformed bytes become U+FFFD)
   * @param count how many parts to return
   * @return {@code count} parts, cut at the first {@code count - 1} newlines; missing parts are
   *     empty
   */
  public static String[] lines(byte[] input, int count) {
    String[] split = new String(input, StandardCharsets.UTF_8).split("\n", count);
    String[] parts = new String[count];
    java.util.Arrays.fill(parts, "");
    System.arraycopy(split, 0, parts, 0, split.length);
    return parts;
  }

  /**
   * Runs {@code verifier} on {@code request}: it passes or refuses with the documented exception,
   * in time.
   *
   * @param verifier the adapter's verifier under test
   * @param request a request built from the fuzz input
   */
  public static void verifyOrRefuse(WebhookVerifier verifier, WebhookRequest request) {
    long started = System.nanoTime();
    try {
      verifier.verify(request);
    } catch (WebhookVerificationException documented) {
      // refused: the documented outcome for a bad signature, tenant or header
    }
    assertWithinBound(started);
  }

  /**
   * Runs {@code webhooks.parse} on {@code request}: it returns a result whose events all belong to
   * {@code tenant}, or rejects the body with the documented exceptions, in time.
   *
   * @param webhooks the adapter's parser under test
   * @param request a request built from the fuzz input
   * @param tenant the tenant every parsed event must belong to
   * @return the parsed webhook, or empty when it was rejected
   */
  public static Optional<ParsedWebhook> parseOrReject(
      ProviderWebhooks webhooks, WebhookRequest request, TenantId tenant) {
    long started = System.nanoTime();
    Optional<ParsedWebhook> parsed;
    try {
      parsed = Optional.of(webhooks.parse(request));
    } catch (WebhookParseException | ValidationException documented) {
      parsed = Optional.empty();
    }
    assertWithinBound(started);
    parsed.ifPresent(
        p -> {
          assertThat(p.trigger()).isNotNull();
          p.events().forEach(e -> assertThat(e.tenant()).isEqualTo(tenant));
        });
    return parsed;
  }

  /**
   * Fails when more than {@link #BOUND} passed since {@code startedNanos}.
   *
   * @param startedNanos when the input started, from {@link System#nanoTime()}
   */
  public static void assertWithinBound(long startedNanos) {
    assertThat(Duration.ofNanos(System.nanoTime() - startedNanos))
        .as("time for one input")
        .isLessThan(BOUND);
  }

  /**
   * Runs {@code action} once, ignoring failures, so class loading and JIT are not timed as the
   * first input.
   *
   * @param action one run of the fuzz test's body
   */
  public static void warmUp(Runnable action) {
    try {
      action.run();
    } catch (RuntimeException ignored) {
      // only warming up
    }
  }
}
