package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A shared {@link ExternalBusyCache}: reads hit the store at most once per staleness bound, a store
 * that cannot be read is answered from the node's last copy, and a write that keeps losing to other
 * writers gives up with nothing written.
 */
class SharedCacheTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final TenantId NORTE = TenantId.of("norte");
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final TimeInterval DAY = TimeInterval.of(T0, Duration.ofDays(1));
  private static final TimeInterval BUSY =
      TimeInterval.of(T0.plusSeconds(3_600), Duration.ofHours(1));

  private final TestClock clock = new TestClock(T0);
  private final InMemoryBusyTimeStore real = new InMemoryBusyTimeStore();
  private final AtomicInteger loads = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();
  private final AtomicBoolean alwaysLose = new AtomicBoolean();

  /** The in-memory store, counting loads, and able to fail or to lose every compare-and-set. */
  private final BusyTimeStore store =
      new BusyTimeStore() {
        @Override
        public Optional<Versioned> load(Key key) {
          loads.incrementAndGet();
          if (down.get()) {
            throw new SchedulingException("database down");
          }
          return real.load(key);
        }

        @Override
        public boolean compareAndSet(Key key, long expectedVersion, Snapshot next) {
          return !alwaysLose.get() && real.compareAndSet(key, expectedVersion, next);
        }

        @Override
        public int pruneEndedBefore(String source, Instant cutoff) {
          return real.pruneEndedBefore(source, cutoff);
        }
      };

  private final ExternalBusyCache cache =
      ExternalBusyCache.shared(store, "google", clock, Duration.ofSeconds(1));

  @Test
  void readsWithinTheStalenessBoundDoNotReachTheStore() {
    cache.put(NORTE, ANA, "evt-1", BUSY);
    loads.set(0);

    for (int i = 0; i < 100; i++) {
      assertThat(cache.busy(NORTE, ANA, DAY)).containsExactly(BUSY);
    }
    assertThat(loads).as("the write left a fresh copy").hasValue(0);

    clock.advance(Duration.ofSeconds(1));
    cache.busy(NORTE, ANA, DAY);
    cache.isKnown(NORTE, ANA, DAY);
    assertThat(loads).hasValue(1);
  }

  @Test
  void aStoreThatCannotBeReadIsAnsweredFromTheLastCopy() {
    cache.put(NORTE, ANA, "evt-1", BUSY);
    down.set(true);
    clock.advance(Duration.ofMinutes(5));

    assertThat(cache.busy(NORTE, ANA, DAY)).containsExactly(BUSY);
    assertThatThrownBy(() -> cache.busy(TenantId.of("sur"), ANA, DAY))
        .as("no copy to answer from")
        .isInstanceOf(SchedulingException.class)
        .hasMessageContaining("database down");
  }

  @Test
  void aWriteThatKeepsLosingGivesUpWithNothingWritten() {
    alwaysLose.set(true);

    assertThatThrownBy(() -> cache.put(NORTE, ANA, "evt-1", BUSY))
        .isInstanceOf(ConcurrentUpdateException.class)
        .hasMessageContaining("nothing was written");
    assertThat(real.load(new BusyTimeStore.Key("google", NORTE, ANA))).isEmpty();
  }

  @Test
  void clearingASharedResourceForgetsItOnEveryNode() {
    ExternalBusyCache other = ExternalBusyCache.shared(real, "google", clock, Duration.ZERO);
    cache.replaceAll(NORTE, ANA, Map.of("evt-1", BUSY), T0);
    cache.markUnavailable(NORTE, ANA, "notFound");

    cache.clear(NORTE, ANA);

    assertThat(other.busy(NORTE, ANA, DAY)).isEmpty();
    assertThat(other.isKnown(NORTE, ANA, DAY)).isFalse();
    assertThat(other.refreshedAt(NORTE, ANA)).isEmpty();
    assertThat(other.unavailable(NORTE, ANA)).isEmpty();
  }

  @Test
  void badSettingsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> ExternalBusyCache.shared(real, " "))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(
            () -> ExternalBusyCache.shared(real, "google", clock, Duration.ofSeconds(-1)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maxStaleness");
  }
}
