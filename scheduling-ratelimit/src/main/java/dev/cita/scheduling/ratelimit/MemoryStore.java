package dev.cita.scheduling.ratelimit;

import dev.cita.scheduling.spi.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Buckets in a map of this JVM. Every {@value #SWEEP_EVERY} calls, buckets that are full again are
 * dropped: a full bucket is what a new one would be, so forgetting it changes no answer.
 */
final class MemoryStore implements RateLimits.Store {
  static final int SWEEP_EVERY = 4096;

  private record Entry(Bucket bucket, long capacity) {}

  private final Map<String, Entry> buckets = new ConcurrentHashMap<>();
  private final AtomicLong calls = new AtomicLong();
  private final TimeMeter time;

  MemoryStore(TimeMeter time) {
    this.time = time;
  }

  @Override
  public RateLimiter.Permit tryAcquire(String key, BucketConfiguration configuration) {
    if (calls.incrementAndGet() % SWEEP_EVERY == 0) {
      sweep();
    }
    ConsumptionProbe[] probe = new ConsumptionProbe[1];
    // Taken under the map's lock of the key, so a sweep never drops a bucket in use.
    buckets.compute(
        key,
        (k, e) -> {
          Entry entry = e != null ? e : newEntry(configuration);
          probe[0] = entry.bucket().tryConsumeAndReturnRemaining(1);
          return entry;
        });
    return RateLimits.permit(probe[0]);
  }

  private Entry newEntry(BucketConfiguration configuration) {
    Bandwidth limit = configuration.getBandwidths()[0];
    return new Entry(
        Bucket.builder().addLimit(limit).withCustomTimePrecision(time).build(),
        limit.getCapacity());
  }

  private void sweep() {
    for (String key : buckets.keySet()) {
      buckets.computeIfPresent(
          key, (k, e) -> e.bucket().getAvailableTokens() >= e.capacity() ? null : e);
    }
  }

  @Override
  public int removeExpired(int max) {
    return 0;
  }

  /** {@return how many buckets are held} For tests. */
  int size() {
    return buckets.size();
  }
}
