package dev.cita.scheduling.http;

import dev.cita.scheduling.ProviderException;
import java.time.Duration;

/**
 * A request that is not safe to repeat was written to the provider, and no answer says whether the
 * provider acted on it: the connection broke or timed out after the request left, or the provider
 * answered 5xx (which does not promise that nothing happened; Twilio's error 20500 page says a
 * message may still be created). {@link ProviderHttpClient} never repeats such a request; the caller
 * decides: look the result up before writing again, or accept that it may not have happened.
 *
 * <p>{@link #isRetryable()} keeps the value of the underlying failure (a 503 is retryable, a
 * reset after sending is not), so callers that look up before re-writing can still use it.
 */
public class RequestOutcomeUnknownException extends ProviderException {
  private static final long serialVersionUID = 1L;

  RequestOutcomeUnknownException(String provider, int httpStatus, String providerCode, String requestId,
      boolean retryable, String message, Throwable cause, Duration retryAfter) {
    super(provider, httpStatus, providerCode, requestId, retryable, message, cause, retryAfter);
  }

  /**
   * An unknown outcome found by an adapter rather than by the HTTP client, for example a message
   * that is not sent again because an earlier attempt's outcome is unknown. Not retryable.
   */
  public RequestOutcomeUnknownException(String provider, String message, Throwable cause) {
    super(provider, 0, null, null, false, message, cause);
  }

  /** The same failure, typed as an unknown outcome; the original is its cause. */
  static RequestOutcomeUnknownException of(ProviderException failure, String target) {
    return new RequestOutcomeUnknownException(failure.provider(), failure.httpStatus().orElse(0),
        failure.providerCode().orElse(null), failure.requestId().orElse(null), failure.isRetryable(),
        target + " failed after the request was sent; outcome unknown", failure,
        failure.retryAfter().orElse(null));
  }
}
