package dev.cita.scheduling.sync;

import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import java.time.Clock;
import java.time.Duration;

/**
 * Every test of {@link AvailabilityCacheTest} on a cache shared through a store (read back from the
 * store on every read): sharing changes where the entries live, not what the cache answers.
 */
class SharedAvailabilityCacheTest extends AvailabilityCacheTest {
  @Override
  AvailabilityCache newCache() {
    return AvailabilityCache.shared(
        new InMemoryBusyTimeStore(), "test", Clock.systemUTC(), Duration.ZERO);
  }
}
