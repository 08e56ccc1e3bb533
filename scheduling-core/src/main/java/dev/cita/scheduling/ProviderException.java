package dev.cita.scheduling;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * A provider (Google, Calendly, Cal.com, Twilio) or the network to it failed. Carries what a
 * caller needs to decide what next: the provider, the HTTP status and provider error code when
 * there was a response, the provider's request id, whether retrying may help, and how long the
 * provider asked to wait ({@code Retry-After}). Messages never include tokens or secrets.
 *
 * <p>{@link #isOutcomeUnknown()} marks a request that is not safe to repeat, was written to the
 * provider, and got no answer saying whether the provider acted on it (the connection broke after
 * the request left, or a 5xx); it is not sent again, the caller looks the result up first. It is
 * the provider-side twin of {@link OutcomeUnknownException}, which says the same of a write to the
 * appointment store.
 */
public class ProviderException extends SchedulingException {
  private static final long serialVersionUID = 1L;
  private final String provider;
  private final int httpStatus;
  private final @Nullable String providerCode;
  private final @Nullable String requestId;
  private final boolean retryable;
  private final @Nullable Duration retryAfter;
  private final boolean outcomeUnknown;

  public ProviderException(String provider, int httpStatus, @Nullable String providerCode,
      @Nullable String requestId, boolean retryable, String message, @Nullable Throwable cause) {
    this(provider, httpStatus, providerCode, requestId, retryable, message, cause, null);
  }

  /**
   * A failure where the provider said how long to wait before trying again (a {@code Retry-After}
   * header on a 429 or 503).
   *
   * @param retryAfter the wait the provider asked for, if it gave one
   */
  public ProviderException(String provider, int httpStatus, @Nullable String providerCode,
      @Nullable String requestId, boolean retryable, String message, @Nullable Throwable cause,
      @Nullable Duration retryAfter) {
    this(provider, httpStatus, providerCode, requestId, retryable, message, cause, retryAfter, false);
  }

  /**
   * For subclasses that may carry an unknown outcome; others use the factories below.
   *
   * @param outcomeUnknown see {@link #isOutcomeUnknown()}
   */
  protected ProviderException(String provider, int httpStatus, @Nullable String providerCode,
      @Nullable String requestId, boolean retryable, String message, @Nullable Throwable cause,
      @Nullable Duration retryAfter, boolean outcomeUnknown) {
    super(describe(provider, httpStatus, providerCode, requestId, retryable, message, retryAfter, outcomeUnknown),
        cause);
    this.provider = provider;
    this.httpStatus = httpStatus;
    this.providerCode = providerCode;
    this.requestId = requestId;
    this.retryable = retryable;
    this.retryAfter = retryAfter == null || retryAfter.isNegative() ? null : retryAfter;
    this.outcomeUnknown = outcomeUnknown;
  }

  /** A failure with no HTTP response, such as a timeout or a refused connection: retryable. */
  public static ProviderException network(String provider, String message,
      @Nullable Throwable cause) {
    return new ProviderException(provider, 0, null, null, true, message, cause);
  }

  /**
   * A request that may or may not have been acted on, found without an HTTP answer (a connection
   * lost after the request was written, a send refused because an earlier attempt's outcome is
   * unknown): {@linkplain #isOutcomeUnknown() outcome unknown}, not retryable.
   */
  public static ProviderException outcomeUnknown(String provider, String message,
      @Nullable Throwable cause) {
    return new ProviderException(provider, 0, null, null, false, message, cause, null, true);
  }

  /**
   * This failure with its outcome marked unknown: the same provider, status, provider code,
   * request id, retryability and {@code Retry-After}, the given message, and this as its cause.
   * Retryability is kept so that a caller that looks the result up before writing again can use it.
   */
  public ProviderException asOutcomeUnknown(String message) {
    return new ProviderException(provider, httpStatus, providerCode, requestId, retryable, message, this,
        retryAfter, true);
  }

  private static String describe(String provider, int status, @Nullable String code,
      @Nullable String requestId, boolean retryable, String message, @Nullable Duration retryAfter,
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

  public String provider() {
    return provider;
  }

  /** The HTTP status, when the provider answered. */
  public OptionalInt httpStatus() {
    return httpStatus > 0 ? OptionalInt.of(httpStatus) : OptionalInt.empty();
  }

  public Optional<String> providerCode() {
    return Optional.ofNullable(providerCode);
  }

  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** How long the provider asked callers to wait before trying again, if it said. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** True when the same call may succeed later (network failure, 429, 5xx). */
  public boolean isRetryable() {
    return retryable;
  }

  /**
   * True when a request that is not safe to repeat was written and no answer says whether the
   * provider acted on it: it is not sent again; look the result up before writing again, or accept
   * that it may not have happened. Independent of {@link #isRetryable()}.
   */
  public boolean isOutcomeUnknown() {
    return outcomeUnknown;
  }
}
