package dev.cita.scheduling.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WorkerLifecycleTest {
  private final List<String> calls = new ArrayList<>();

  private WorkerLifecycle lifecycle(Duration drainTimeout) {
    return new WorkerLifecycle(
        "test worker",
        () -> calls.add("start"),
        () -> calls.add("stop"),
        () -> calls.contains("start") && !calls.contains("stop"),
        timeout -> calls.add("drain " + timeout),
        drainTimeout);
  }

  @Test
  void shutdownStopsClaimingThenDrainsForTheTimeout() {
    WorkerLifecycle lifecycle = lifecycle(Duration.ofSeconds(10));
    lifecycle.start();
    assertThat(lifecycle.isRunning()).isTrue();
    lifecycle.stop();
    assertThat(calls).containsExactly("start", "stop", "drain PT10S");
    assertThat(lifecycle.isRunning()).isFalse();
  }

  @Test
  void aZeroTimeoutStopsWithoutDraining() {
    WorkerLifecycle lifecycle = lifecycle(Duration.ZERO);
    lifecycle.start();
    lifecycle.stop();
    assertThat(calls).containsExactly("start", "stop");
  }
}
