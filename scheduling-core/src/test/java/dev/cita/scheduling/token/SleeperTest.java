package dev.cita.scheduling.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SleeperTest {
  @Test
  void threadSleepReallyWaitsAtLeastTheDuration() throws InterruptedException {
    Sleeper sleeper = Sleeper.threadSleep();
    long start = System.nanoTime();

    sleeper.sleep(Duration.ofMillis(30));

    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isGreaterThanOrEqualTo(Duration.ofMillis(30));
  }
}
