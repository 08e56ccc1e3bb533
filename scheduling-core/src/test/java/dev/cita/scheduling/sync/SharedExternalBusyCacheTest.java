package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every test of {@link ExternalBusyCacheTest} on a cache shared through a store (read back from the
 * store on every read): sharing changes where the entries live, not what the cache answers, except
 * when pruning forgets the past's known windows (below).
 */
class SharedExternalBusyCacheTest extends ExternalBusyCacheTest {
  @Override
  ExternalBusyCache newCache() {
    return ExternalBusyCache.shared(
        new InMemoryBusyTimeStore(), "test", Clock.systemUTC(), Duration.ZERO);
  }

  /** Shared: the events go from the store; the past's known windows stay until the next read. */
  @Override
  List<TimeInterval> knownWindowsAfterPrune() {
    return List.of(hours(0, 10), hours(20, 30));
  }

  @Test
  void theNextFullReadForgetsThePastsKnownWindows() {
    cache.replaceWindow(T, R, hours(0, 10), Map.of(), T0);
    cache.replaceWindow(T, R, hours(20, 30), Map.of(), T0.plus(Duration.ofHours(40)));

    assertThat(cache.knownWindows(T, R)).containsExactly(hours(20, 30));
  }
}
