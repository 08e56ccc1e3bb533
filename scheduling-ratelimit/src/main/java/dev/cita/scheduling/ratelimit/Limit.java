package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;

/**
 * How many permits a key gets per period: a bucket of {@code permits} that is refilled whole once
 * each {@code period} after its first use (Bucket4j's interval refill). So {@code perMinute(30)}
 * lets 30 messages through at once, refuses the 31st, and lets 30 more through a minute later.
 *
 * @param permits the bucket's size, 1 to 1,000,000,000
 * @param period how often the bucket is refilled, from 1 millisecond to 1 day
 */
public record Limit(long permits, Duration period) {
  /**
   * Checks the components.
   *
   * @param permits the bucket's size, 1 to 1,000,000,000
   * @param period from 1 millisecond to 1 day
   * @throws ValidationException naming {@code limit.permits} or {@code limit.period}
   */
  public Limit {
    if (permits < 1 || permits > 1_000_000_000L) {
      throw new ValidationException("limit.permits", "must be in 1..1000000000, was " + permits);
    }
    Checks.notNull(period, "limit.period");
    if (period.compareTo(Duration.ofMillis(1)) < 0 || period.compareTo(Duration.ofDays(1)) > 0) {
      throw new ValidationException("limit.period", "must be 1 ms to 1 day, was " + period);
    }
  }

  /**
   * {@return {@code permits} a second}
   *
   * @param permits the bucket's size
   */
  public static Limit perSecond(long permits) {
    return new Limit(permits, Duration.ofSeconds(1));
  }

  /**
   * {@return {@code permits} a minute}
   *
   * @param permits the bucket's size
   */
  public static Limit perMinute(long permits) {
    return new Limit(permits, Duration.ofMinutes(1));
  }

  /**
   * {@return {@code permits} an hour}
   *
   * @param permits the bucket's size
   */
  public static Limit perHour(long permits) {
    return new Limit(permits, Duration.ofHours(1));
  }

  /** The Bucket4j configuration of this limit. */
  BucketConfiguration configuration() {
    return BucketConfiguration.builder()
        .addLimit(Bandwidth.builder().capacity(permits).refillIntervally(permits, period).build())
        .build();
  }
}
