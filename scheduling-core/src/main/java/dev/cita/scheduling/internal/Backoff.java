package dev.cita.scheduling.internal;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with full jitter: after the n-th failed attempt, wait a uniformly random time
 * in {@code [0, min(max, base * 2^(n-1))]}. Full jitter keeps many nodes that failed together from
 * retrying together. Shared by the credential refresh and the sync worker; not public API.
 */
public final class Backoff {
  private final long baseNanos;
  private final long maxNanos;
  private final RandomGenerator random;

  public Backoff(Duration base, Duration max, RandomGenerator random) {
    this.baseNanos = base.toNanos();
    this.maxNanos = max.toNanos();
    this.random = random;
  }

  /** The largest wait after {@code failedAttempt} (1-based) failed attempts. */
  public long ceilingNanos(int failedAttempt) {
    int shift = failedAttempt - 1;
    if (shift >= 62 || baseNanos > (maxNanos >> shift)) {
      return maxNanos;
    }
    return Math.min(maxNanos, baseNanos << shift);
  }

  /**
   * A uniformly random wait in {@code [0, ceiling]} after {@code failedAttempt} failed attempts.
   */
  public Duration delayAfter(int failedAttempt) {
    return Duration.ofNanos(random.nextLong(ceilingNanos(failedAttempt) + 1));
  }
}
