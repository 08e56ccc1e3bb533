package dev.cita.scheduling;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A provider (Google, Calendly, Cal.com, Twilio) or the network to it failed. Carries what a caller
 * needs to decide what next: the provider, the HTTP status and provider error code when there was a
 * response, the provider's request id, whether retrying may help, and how long the provider asked
 * to wait ({@code Retry-After}). Messages never include tokens or secrets.
 *
 * <p>{@link #isOutcomeUnknown()} marks a request that is not safe to repeat, was written to the
 * provider, and got no answer saying whether the provider acted on it (the connection broke after
 * the request left, or a 5xx); it is not sent again, the caller looks the result up first. It is
 * the provider-side twin of {@link OutcomeUnknownException}, which says the same of a write to the
 * appointment store.
 */
public class ProviderException extends SchedulingException {
  private static final long serialVersionUID = 1L;

  /** The provider id, e.g. {@code "google"}. */
  private final String provider;

  /** The HTTP status answered, or 0 when there was no response. */
  private final int httpStatus;

  /** The provider's error code, or {@code null} when it gave none. */
  private final @Nullable String providerCode;

  /** The provider's request id, or {@code null} when it gave none. */
  private final @Nullable String requestId;

  /** Whether the same call may succeed later. */
  private final boolean retryable;

  /** The wait the provider asked for, or {@code null} when it gave none. */
  private final @Nullable Duration retryAfter;

  /** Whether the request may or may not have been acted on. */
  private final boolean outcomeUnknown;

  /**
   * A failure without a {@code Retry-After} hint.
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @param httpStatus the HTTP status answered, or 0 when there was no response
   * @param providerCode the provider's error code, or {@code null} when it gave none
   * @param requestId the provider's request id, or {@code null} when it gave none
   * @param retryable whether the same call may succeed later
   * @param message what failed, without tokens or secrets
   * @param cause the underlying failure, or {@code null}
   */
  public ProviderException(
      String provider,
      int httpStatus,
      @Nullable String providerCode,
      @Nullable String requestId,
      boolean retryable,
      String message,
      @Nullable Throwable cause) {
    this(provider, httpStatus, providerCode, requestId, retryable, message, cause, null);
  }

  /**
   * A failure where the provider said how long to wait before trying again (a {@code Retry-After}
   * header on a 429 or 503).
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @param httpStatus the HTTP status answered, or 0 when there was no response
   * @param providerCode the provider's error code, or {@code null} when it gave none
   * @param requestId the provider's request id, or {@code null} when it gave none
   * @param retryable whether the same call may succeed later
   * @param message what failed, without tokens or secrets
   * @param cause the underlying failure, or {@code null}
   * @param retryAfter the wait the provider asked for, or null if it gave none
   */
  public ProviderException(
      String provider,
      int httpStatus,
      @Nullable String providerCode,
      @Nullable String requestId,
      boolean retryable,
      String message,
      @Nullable Throwable cause,
      @Nullable Duration retryAfter) {
    this(
        provider,
        httpStatus,
        providerCode,
        requestId,
        retryable,
        message,
        cause,
        retryAfter,
        false);
  }

  /**
   * For subclasses that may carry an unknown outcome; others use the factories below.
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @param httpStatus the HTTP status answered, or 0 when there was no response
   * @param providerCode the provider's error code, or {@code null} when it gave none
   * @param requestId the provider's request id, or {@code null} when it gave none
   * @param retryable whether the same call may succeed later
   * @param message what failed, without tokens or secrets
   * @param cause the underlying failure, or {@code null}
   * @param retryAfter the wait the provider asked for, or {@code null} if it gave none
   * @param outcomeUnknown see {@link #isOutcomeUnknown()}
   */
  protected ProviderException(
      String provider,
      int httpStatus,
      @Nullable String providerCode,
      @Nullable String requestId,
      boolean retryable,
      String message,
      @Nullable Throwable cause,
      @Nullable Duration retryAfter,
      boolean outcomeUnknown) {
    super(
        describe(
            provider,
            httpStatus,
            providerCode,
            requestId,
            retryable,
            message,
            retryAfter,
            outcomeUnknown),
        cause);
    this.provider = provider;
    this.httpStatus = httpStatus;
    this.providerCode = providerCode;
    this.requestId = requestId;
    this.retryable = retryable;
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    this.outcomeUnknown = outcomeUnknown;
  }

  /**
   * A failure with no HTTP response, such as a timeout or a refused connection: retryable.
   *
   * @param provider the provider id
   * @param message what failed, without tokens or secrets
   * @param cause the I/O failure
   * @return a retryable exception without HTTP status
   */
  public static ProviderException network(
      String provider, String message, @Nullable Throwable cause) {
    return new ProviderException(provider, 0, null, null, true, message, cause);
  }

  /**
   * A request that may or may not have been acted on, found without an HTTP answer (a connection
   * lost after the request was written, a send refused because an earlier attempt's outcome is
   * unknown): {@linkplain #isOutcomeUnknown() outcome unknown}, not retryable.
   *
   * @param provider the provider id
   * @param message what was sent and why its outcome is unknown
   * @param cause the I/O failure, or {@code null}
   * @return a non-retryable exception whose {@link #isOutcomeUnknown()} is true
   */
  public static ProviderException outcomeUnknown(
      String provider, String message, @Nullable Throwable cause) {
    return new ProviderException(provider, 0, null, null, false, message, cause, null, true);
  }

  /**
   * A write that was sent and may or may not have happened, which the adapter can nevertheless
   * retry safely because its next attempt looks the result up before writing again: {@linkplain
   * #isOutcomeUnknown() outcome unknown} and retryable. The outbox remembers that such an entry may
   * have reached the provider.
   *
   * @param provider the provider id
   * @param message what was attempted, without secrets
   * @param cause the failure, if any
   * @return a retryable failure whose outcome is unknown
   */
  public static ProviderException retryableOutcomeUnknown(
      String provider, String message, Throwable cause) {
    return new ProviderException(provider, 0, null, null, true, message, cause, null, true);
  }

  /**
   * This failure with its outcome marked unknown: the same provider, status, provider code, request
   * id, retryability and {@code Retry-After}, the given message, and this as its cause.
   * Retryability is kept so that a caller that looks the result up before writing again can use it.
   *
   * @param message what was sent and why its outcome is unknown
   * @return a new exception; this one is left unchanged
   */
  public ProviderException asOutcomeUnknown(String message) {
    return new ProviderException(
        provider, httpStatus, providerCode, requestId, retryable, message, this, retryAfter, true);
  }

  private static String describe(
      String provider,
      int status,
      @Nullable String code,
      @Nullable String requestId,
      boolean retryable,
      String message,
      @Nullable Duration retryAfter,
      boolean outcomeUnknown) {
    StringBuilder b = new StringBuilder(provider).append(": ").append(message);
    if (status > 0) {
      b.append(" (HTTP ").append(status).append(')');
    }
    if (code != null) {
      b.append(" [").append(code).append(']');
    }
    if (requestId != null) {
      b.append(" request-id=").append(requestId);
    }
    b.append(retryable ? ", retryable" : ", not retryable");
    if (retryAfter != null && !retryAfter.isNegative()) {
      b.append(", retry after ").append(retryAfter);
    }
    if (outcomeUnknown) {
      b.append(", outcome unknown");
    }
    return b.toString();
  }

  /** {@return the id of the provider that failed, e.g. {@code "google"} or {@code "calcom"}} */
  public String provider() {
    return provider;
  }

  /** {@return the HTTP status, when the provider answered} Empty for a network failure. */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }

  /**
   * {@return the provider's own error code (e.g. {@code "rateLimitExceeded"}), or empty if it gave
   * none}
   */
  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  /** {@return the provider's request id, to quote to its support; empty if it gave none} */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** {@return how long the provider asked callers to wait before trying again, if it said} */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /**
   * True when the provider answered and refused the request itself, so it did not act on it: a 4xx
   * other than 401 (authentication), 403 (access), 408 (timeout) and 429 (rate limit), with a known
   * outcome. For a booking tool's create this means there is no booking (the slot is taken, the
   * event type is gone, the data is invalid).
   *
   * @return whether the provider refused the request itself
   */
  public boolean isRefusal() {
    return !outcomeUnknown
        && httpStatus >= 400
        && httpStatus < 500
        && httpStatus != 401
        && httpStatus != 403
        && httpStatus != 408
        && httpStatus != 429;
  }

  /** {@return true when the same call may succeed later (network failure, 429, 5xx)} */
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * True when a request that is not safe to repeat was written and no answer says whether the
   * provider acted on it: it is not sent again; look the result up before writing again, or accept
   * that it may not have happened. Independent of {@link #isRetryable()}.
   *
   * @return whether the outcome is unknown
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }
}
