package dev.cita.scheduling.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Keeps an in-memory store bounded in time: every {@value #EVERY}th write drops the entries older
 * than the retention, so memory grows with the entries of the retention period only, whatever calls
 * the application makes. Not public API.
 */
public final class Retention {
  /** How many writes pass between two purges. */
  public static final int EVERY = 256;

  private final Clock clock;
  private final Duration retention;
  private final AtomicInteger writes = new AtomicInteger();

  /**
   * A retention measured against {@code clock}.
   *
   * @param clock what "now" is
   * @param retention how long entries are kept; positive
   */
  public Retention(Clock clock, Duration retention) {
    this.clock = Checks.notNull(clock, "clock");
    this.retention = Checks.positive(retention, "retention");
  }

  /**
   * Counts a write and, every {@value #EVERY}th one, calls {@code purge} with the cutoff.
   *
   * @param purge removes the entries older than its argument
   */
  public void written(Function<Instant, Integer> purge) {
    if (writes.incrementAndGet() % EVERY == 0) {
      purge.apply(clock.instant().minus(retention));
    }
  }

  /**
   * Removes the entries of a concurrent map whose value matches, each only if it was not replaced
   * meanwhile.
   *
   * @param map the map
   * @param old which values to remove
   * @return how many were removed
   */
  public static <K, V> int removeIf(Map<K, V> map, Predicate<V> old) {
    int removed = 0;
    for (Map.Entry<K, V> entry : map.entrySet()) {
      if (old.test(entry.getValue()) && map.remove(entry.getKey(), entry.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /** {@return the clock this retention reads} */
  public Clock clock() {
    return clock;
  }
}
