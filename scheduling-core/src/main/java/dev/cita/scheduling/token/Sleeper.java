package dev.cita.scheduling.token;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Waits between retries. {@link #threadSleep()} really sleeps; tests pass one that records the
 * requested durations and returns at once.
 */
@FunctionalInterface
public interface Sleeper {
  /**
   * Waits for {@code duration}.
   *
   * @param duration how long; not negative
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** {@return a sleeper that sleeps the calling thread} */
  static Sleeper threadSleep() {
    return duration -> TimeUnit.NANOSECONDS.sleep(duration.toNanos());
  }
}
