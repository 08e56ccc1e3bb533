package dev.cita.scheduling.http;

import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/**
 * When and how long {@link ProviderHttpClient} waits before trying a call again. Immutable; {@link
 * #defaults()} allows 4 attempts, backs off from 500 ms up to 8 s, waits at most 30 s in total,
 * follows a {@code Retry-After} of up to 60 s, and retries the statuses 408, 429, 500, 502, 503 and
 * 504.
 *
 * <p>After the n-th failed attempt the wait is {@code uniform(0, min(maxBackoff, baseBackoff ·
 * 2^(n-1)))} (exponential backoff with full jitter), unless the response carried a {@code
 * Retry-After} header (seconds or HTTP date): then the wait is exactly what the provider asked for.
 * A call gives up, throwing the last failure, when the attempts are used up, when the next wait
 * would take the sum of waits past {@link #maxTotalWait()}, or when {@code Retry-After} asks for
 * more than {@link #maxRetryAfter()} (the exception then carries the requested wait, so a
 * background worker can come back later).
 *
 * <p>Which calls may be retried at all is decided by {@link Idempotency}.
 */
public final class RetryPolicy {
  private static final Set<Integer> DEFAULT_STATUSES = Set.of(408, 429, 500, 502, 503, 504);
  private static final Set<Integer> RETRYABLE_4XX = Set.of(408, 409, 429);
  private static final RetryPolicy DEFAULTS = builder().build();
  private static final RetryPolicy NONE = builder().maxAttempts(1).build();

  private final int maxAttempts;
  private final Duration baseBackoff;
  private final Duration maxBackoff;
  private final Duration maxTotalWait;
  private final Duration maxRetryAfter;
  private final Set<Integer> retryableStatuses;
  private final Set<Integer> notIdempotentStatuses;

  private RetryPolicy(Builder b) {
    this.maxAttempts = b.maxAttempts;
    this.baseBackoff = b.baseBackoff;
    this.maxBackoff = b.maxBackoff;
    this.maxTotalWait = b.maxTotalWait;
    this.maxRetryAfter = b.maxRetryAfter;
    this.retryableStatuses = Set.copyOf(b.retryableStatuses);
    this.notIdempotentStatuses = Set.copyOf(b.notIdempotentStatuses);
  }

  /** {@return 4 attempts, 500 ms base, 8 s cap, 30 s total, {@code Retry-After} up to 60 s} */
  public static RetryPolicy defaults() {
    return DEFAULTS;
  }

  /** {@return one attempt, no retries} Failures still carry their retryable flag. */
  public static RetryPolicy noRetries() {
    return NONE;
  }

  /** {@return a builder holding the {@linkplain #defaults() default} values} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder starting from this policy's values} */
  public Builder toBuilder() {
    return new Builder()
        .maxAttempts(maxAttempts)
        .backoff(baseBackoff, maxBackoff)
        .maxTotalWait(maxTotalWait)
        .maxRetryAfter(maxRetryAfter)
        .retryOnStatuses(retryableStatuses.stream().mapToInt(Integer::intValue).toArray())
        .retryNotIdempotentOn(notIdempotentStatuses.stream().mapToInt(Integer::intValue).toArray());
  }

  /** {@return the number of attempts in all, the first included} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the ceiling of the jittered wait after the first failed attempt} */
  public Duration baseBackoff() {
    return baseBackoff;
  }

  /** {@return the largest ceiling of a jittered wait, however many attempts failed} */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /** {@return the most a call may spend waiting between attempts, summed over its retries} */
  public Duration maxTotalWait() {
    return maxTotalWait;
  }

  /** {@return the longest {@code Retry-After} that is waited out} A longer one ends the call. */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Whether a response with this status may succeed if the call is made again.
   *
   * @param status an HTTP status
   * @return true if it is one of the {@linkplain Builder#retryOnStatuses retryable statuses}
   */
  public boolean isRetryableStatus(int status) {
    return retryableStatuses.contains(status);
  }

  /**
   * True when a request that is not idempotent may still be retried after this status, because the
   * provider says a response with it was not processed (Twilio's 429). None by default.
   *
   * @param status an HTTP status
   * @return true if it is one of the {@linkplain Builder#retryNotIdempotentOn statuses} given for
   *     this
   */
  public boolean isRetryableWhenNotIdempotent(int status) {
    return notIdempotentStatuses.contains(status);
  }

  /** The largest jittered wait after {@code failedAttempt} (1-based) failed attempts. */
  long ceilingNanos(int failedAttempt) {
    long base = baseBackoff.toNanos();
    long max = maxBackoff.toNanos();
    int shift = failedAttempt - 1;
    if (shift >= 62 || base > (max >> shift)) {
      return max;
    }
    return Math.min(max, base << shift);
  }

  @Override
  public String toString() {
    return "RetryPolicy{maxAttempts="
        + maxAttempts
        + ", backoff="
        + baseBackoff
        + ".."
        + maxBackoff
        + ", maxTotalWait="
        + maxTotalWait
        + ", maxRetryAfter="
        + maxRetryAfter
        + ", statuses="
        + new TreeSet<>(retryableStatuses)
        + (notIdempotentStatuses.isEmpty()
            ? ""
            : ", notIdempotent=" + new TreeSet<>(notIdempotentStatuses))
        + '}';
  }

  /** Builds a {@link RetryPolicy}; {@link #build()} checks every value. */
  public static final class Builder {
    private int maxAttempts = 4;
    private Duration baseBackoff = Duration.ofMillis(500);
    private Duration maxBackoff = Duration.ofSeconds(8);
    private Duration maxTotalWait = Duration.ofSeconds(30);
    private Duration maxRetryAfter = Duration.ofSeconds(60);
    private Set<Integer> retryableStatuses = DEFAULT_STATUSES;
    private Set<Integer> notIdempotentStatuses = Set.of();

    private Builder() {}

    /**
     * Sets the number of attempts in all, the first included.
     *
     * @param maxAttempts 1 (no retries) to 20; 4 if not set
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = maxAttempts;
      return this;
    }

    /**
     * Sets the ceilings of the jittered wait: it starts at {@code base} and doubles up to {@code
     * max}.
     *
     * @param base the ceiling after the first failed attempt, positive; 500 ms if not set
     * @param max the largest ceiling, at least {@code base}; 8 s if not set
     * @return this builder
     */
    public Builder backoff(Duration base, Duration max) {
      this.baseBackoff = Checks.notNull(base, "baseBackoff");
      this.maxBackoff = Checks.notNull(max, "maxBackoff");
      return this;
    }

    /**
     * Sets the most a call may spend waiting between attempts, summed over its retries.
     *
     * @param maxTotalWait zero or more; 30 s if not set
     * @return this builder
     */
    public Builder maxTotalWait(Duration maxTotalWait) {
      this.maxTotalWait = Checks.notNull(maxTotalWait, "maxTotalWait");
      return this;
    }

    /**
     * Sets the longest {@code Retry-After} that is waited out; a longer one ends the call, and the
     * exception carries the requested wait.
     *
     * @param maxRetryAfter zero or more; 60 s if not set
     * @return this builder
     */
    public Builder maxRetryAfter(Duration maxRetryAfter) {
      this.maxRetryAfter = Checks.notNull(maxRetryAfter, "maxRetryAfter");
      return this;
    }

    /**
     * The HTTP statuses worth retrying, replacing the default set. Only 408, 409 and 429 are
     * accepted among the 4xx: any other client error means the request itself is wrong.
     *
     * @param statuses 408, 409, 429 or 5xx statuses; 408, 429, 500, 502, 503 and 504 if not set
     * @return this builder
     */
    public Builder retryOnStatuses(int... statuses) {
      Set<Integer> set = new TreeSet<>();
      Arrays.stream(statuses).forEach(set::add);
      this.retryableStatuses = set;
      return this;
    }

    /**
     * Statuses after which even a request that is not idempotent (a message POST) may be sent
     * again, because the provider documents that it did not process a request answered so (Twilio:
     * 429, error 20429). Each must also be a {@linkplain #retryOnStatuses retryable status}.
     * Replaces the default, which is none.
     *
     * @param statuses retryable 4xx statuses
     * @return this builder
     */
    public Builder retryNotIdempotentOn(int... statuses) {
      Set<Integer> set = new TreeSet<>();
      Arrays.stream(statuses).forEach(set::add);
      this.notIdempotentStatuses = set;
      return this;
    }

    /**
     * Builds the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException naming the field that is out of range
     */
    public RetryPolicy build() {
      if (maxAttempts < 1 || maxAttempts > 20) {
        throw new IllegalArgumentException("maxAttempts must be in 1..20: " + maxAttempts);
      }
      if (baseBackoff.isNegative() || baseBackoff.isZero()) {
        throw new IllegalArgumentException("baseBackoff must be positive: " + baseBackoff);
      }
      if (maxBackoff.compareTo(baseBackoff) < 0) {
        throw new IllegalArgumentException(
            "maxBackoff must be at least baseBackoff: " + maxBackoff + " < " + baseBackoff);
      }
      if (maxTotalWait.isNegative()) {
        throw new IllegalArgumentException("maxTotalWait must not be negative: " + maxTotalWait);
      }
      if (maxRetryAfter.isNegative()) {
        throw new IllegalArgumentException("maxRetryAfter must not be negative: " + maxRetryAfter);
      }
      for (int status : retryableStatuses) {
        if (status < 400 || status > 599 || (status < 500 && !RETRYABLE_4XX.contains(status))) {
          throw new IllegalArgumentException(
              "retryOnStatuses may hold 408, 409, 429 and 5xx " + "statuses only: " + status);
        }
      }
      for (int status : notIdempotentStatuses) {
        if (!retryableStatuses.contains(status) || status >= 500) {
          throw new IllegalArgumentException(
              "retryNotIdempotentOn may hold retryable 4xx statuses only "
                  + "(a 5xx does not say the request was not processed): "
                  + status);
        }
      }
      return new RetryPolicy(this);
    }
  }
}
