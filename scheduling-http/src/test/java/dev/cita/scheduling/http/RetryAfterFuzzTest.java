package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * {@code Retry-After} parsing of untrusted header values: every input parses to a wait between zero
 * and the cap, or to empty; nothing throws, within a bounded time. Seeds in {@code
 * RetryAfterFuzzTestInputs/parse}.
 */
class RetryAfterFuzzTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  /**
   * Per input; generous for a loaded CI machine, far below what a pathological input would cost.
   */
  private static final Duration BOUND = Duration.ofSeconds(5);

  static {
    RetryAfter.parse(
        "Sun, 01 Mar 2026 12:01:00 GMT", NOW); // class loading outside the timed inputs
  }

  @FuzzTest(maxDuration = "10s")
  void parse(FuzzedDataProvider data) {
    String header = data.consumeRemainingAsString();
    long started = System.nanoTime();
    Optional<Duration> wait = RetryAfter.parse(header, NOW);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    wait.ifPresent(w -> assertThat(w).isBetween(Duration.ZERO, Duration.ofDays(366)));
  }
}
