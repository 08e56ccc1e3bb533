package dev.cita.scheduling.health;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Events and failures per key (a provider id) over a sliding window, in ten buckets: what happened
 * in the last {@code window}, give or take one bucket. Memory is ten buckets per key; keys are
 * provider ids, a bounded set. Thread-safe.
 */
final class RecentCounts {
  private static final int BUCKETS = 10;

  /** One key's buckets: the bucket index each slot holds, and its counts. */
  private static final class Slots {
    final long[] index = new long[BUCKETS];
    final long[] events = new long[BUCKETS];
    final long[] failures = new long[BUCKETS];

    Slots() {
      java.util.Arrays.fill(index, -1);
    }
  }

  /** Events and failures of one key in the window. */
  record Counts(long events, long failures) {}

  private final long bucketMillis;
  private final Map<String, Slots> keys = new HashMap<>();

  RecentCounts(Duration window) {
    this.bucketMillis = Math.max(1, window.toMillis() / BUCKETS);
  }

  synchronized void add(String key, boolean failure, Instant at) {
    long idx = at.toEpochMilli() / bucketMillis;
    Slots s = keys.computeIfAbsent(key, k -> new Slots());
    int slot = (int) Math.floorMod(idx, (long) BUCKETS);
    if (s.index[slot] != idx) {
      s.index[slot] = idx;
      s.events[slot] = 0;
      s.failures[slot] = 0;
    }
    s.events[slot]++;
    if (failure) {
      s.failures[slot]++;
    }
  }

  /**
   * The health these counts show at {@code now}: details {@code <key>.<eventsLabel>} and {@code
   * <key>.<failuresLabel>} per key, DEGRADED when {@code degraded} holds for a key's counts.
   */
  Health health(Instant now, String eventsLabel, String failuresLabel, Predicate<Counts> degraded) {
    Health.Status status = Health.Status.UP;
    Map<String, String> details = new LinkedHashMap<>();
    for (Map.Entry<String, Counts> e : counts(now).entrySet()) {
      Counts c = e.getValue();
      details.put(e.getKey() + "." + eventsLabel, Long.toString(c.events()));
      details.put(e.getKey() + "." + failuresLabel, Long.toString(c.failures()));
      if (degraded.test(c)) {
        status = Health.Status.DEGRADED;
      }
    }
    return new Health(status, details);
  }

  /**
   * Each key's counts in the window ending at {@code now}, sorted by key; keys with none left out.
   */
  synchronized Map<String, Counts> counts(Instant now) {
    long newest = now.toEpochMilli() / bucketMillis;
    Map<String, Counts> out = new TreeMap<>();
    keys.forEach(
        (key, s) -> {
          long events = 0;
          long failures = 0;
          for (int i = 0; i < BUCKETS; i++) {
            if (s.index[i] > newest - BUCKETS && s.index[i] <= newest) {
              events += s.events[i];
              failures += s.failures[i];
            }
          }
          if (events > 0) {
            out.put(key, new Counts(events, failures));
          }
        });
    return out;
  }
}
