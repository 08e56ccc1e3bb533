package dev.cita.scheduling.token;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. {@link #threadSleep()} really sleeps; tests pass one that records the
 * requested durations and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
  void sleep(Duration duration) throws InterruptedException;

  /** Sleeps the calling thread. */
  static Sleeper threadSleep() {
    return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }
}
