package dev.cita.scheduling.webhook;

import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.util.Optional;

/**
 * What {@link WebhookHandler} did with a delivery, and the HTTP status the app should answer with:
 * 2xx whenever retrying would not change anything (handled, duplicate, ignored, rejected), so
 * providers stop retrying; 5xx only when a retry may succeed. The message is short and never holds
 * secrets or body content, so it may be returned to the caller.
 *
 * @param outcome what was done
 * @param message a short explanation, safe to return to the caller
 * @param retryAfter for {@link Outcome#RATE_LIMITED}, when the source may send again: answer it as
 *     the {@code Retry-After} header (whole seconds, rounded up); empty otherwise
 */
public record WebhookResult(Outcome outcome, String message, Optional<Duration> retryAfter) {
  /** The kinds of answers, each with its HTTP status. */
  public enum Outcome {
    /** Verified, parsed and applied (some events may have been stale and left alone). */
    HANDLED(200),
    /** The same delivery was handled before; nothing was done again. */
    DUPLICATE(200),
    /**
     * A trigger this provider's adapter does not map; acknowledged so the provider stops retrying.
     */
    IGNORED(200),
    /**
     * Verified, but the delivery (or one of its events) can never be applied: recorded in the inbox
     * as rejected, with the reason, and acknowledged so the provider stops retrying.
     */
    REJECTED(200),
    /** The signature did not verify; nothing was written. */
    UNAUTHORIZED(401),
    /** The body could not be read; nothing was written. */
    BAD_REQUEST(400),
    /** The request was larger than the handler accepts; refused before parsing or verification. */
    PAYLOAD_TOO_LARGE(413),
    /** No adapter is registered for the provider in the URL. */
    UNKNOWN_PROVIDER(404),
    /**
     * The request's source sent more than its {@linkplain WebhookHandler.Builder#rateLimit rate
     * limit} allows; refused before reading or verifying it, nothing written (see {@link
     * WebhookResult#retryAfter()}).
     */
    RATE_LIMITED(429),
    /**
     * Applying failed unexpectedly (a store outage); not recorded, so the provider's retry applies
     * it.
     */
    FAILED(500);

    private final int httpStatus;

    Outcome(int httpStatus) {
      this.httpStatus = httpStatus;
    }

    /** {@return the HTTP status code to answer with} */
    public int httpStatus() {
      return httpStatus;
    }
  }

  /**
   * Checks that no component is missing.
   *
   * @param outcome what was done
   * @param message a short explanation
   * @param retryAfter when the source may send again, for a rate-limited request
   * @throws dev.cita.scheduling.ValidationException if a component is missing
   */
  public WebhookResult {
    Checks.notNull(outcome, "webhookResult.outcome");
    Checks.notNull(message, "webhookResult.message");
    Checks.notNull(retryAfter, "webhookResult.retryAfter");
  }

  /**
   * A result without a {@code Retry-After}.
   *
   * @param outcome what was done
   * @param message a short explanation
   */
  public WebhookResult(Outcome outcome, String message) {
    this(outcome, message, Optional.empty());
  }

  /** {@return the {@code Retry-After} header value, whole seconds rounded up, when there is one} */
  public Optional<String> retryAfterHeader() {
    return retryAfter.map(d -> Long.toString(d.plusNanos(999_999_999L).getSeconds()));
  }

  /** {@return the HTTP status code to answer the provider with} */
  public int status() {
    return outcome.httpStatus();
  }

  /** {@return true for 2xx answers: the provider should not retry} */
  public boolean isSuccess() {
    return status() / 100 == 2;
  }
}
