package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import java.time.Duration;

/**
 * One rate limit, applied per key: a customer's phone, a tenant, a webhook source, a provider
 * account. The core only asks; the buckets live in an implementation such as {@code
 * scheduling-ratelimit}'s Bucket4j limiters (in memory for one node, or in PostgreSQL so that every
 * node shares them). Implementations must be thread-safe and must not block.
 */
@FunctionalInterface
public interface RateLimiter {
  /**
   * Takes one permit for {@code key}, if its bucket has one.
   *
   * @param key what is limited, such as {@code "webhook:twilio:203.0.113.7"}; implementations may
   *     bound its length
   * @return granted, or refused with how long until a permit is free
   */
  Permit tryAcquire(String key);

  /** {@return a limiter that grants everything} The default where no limit is configured. */
  static RateLimiter unlimited() {
    return key -> Permit.GRANTED;
  }

  /**
   * The answer to one {@link #tryAcquire}.
   *
   * @param granted whether the permit was taken
   * @param retryAfter when refused, how long until the next permit is free; zero when granted
   */
  record Permit(boolean granted, Duration retryAfter) {
    /** A granted permit. */
    public static final Permit GRANTED = new Permit(true, Duration.ZERO);

    /**
     * Checks the components.
     *
     * @param granted whether the permit was taken
     * @param retryAfter not negative; zero when granted
     * @throws dev.cita.scheduling.ValidationException if {@code retryAfter} is null or negative
     */
    public Permit {
      Checks.notNegative(retryAfter, "permit.retryAfter");
    }

    /**
     * A refusal.
     *
     * @param retryAfter how long until the next permit is free, not negative
     * @return the refusal
     */
    public static Permit refused(Duration retryAfter) {
      return new Permit(false, retryAfter);
    }
  }
}
