package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.internal.Retention;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The in-memory messaging stores stay bounded: whatever the application does, entries older than
 * the retention are dropped within {@link Retention#EVERY} writes, and newer ones are kept.
 */
class InMemoryMessagingStoresRetentionTest {
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");
  private static final Duration DAY = Duration.ofDays(1);

  private final TestClock clock = new TestClock(T0);

  @Test
  void lastInboundEntriesOlderThanTheRetentionAreDropped() {
    InMemoryLastInboundStore store = new InMemoryLastInboundStore(clock, DAY);
    for (int i = 0; i < 1_000; i++) {
      store.recordInbound("t1", "+569" + (10_000_000 + i), T0);
    }
    assertThat(store.size()).isEqualTo(1_000);

    clock.advance(DAY.plusSeconds(1));
    for (int i = 0; i < Retention.EVERY; i++) {
      store.recordInbound("t1", "+5698000000" + (i % 10), clock.instant());
    }

    assertThat(store.size()).isEqualTo(10);
    assertThat(store.lastInbound("t1", "+56910000000")).isEmpty();
    assertThat(store.lastInbound("t1", "+56980000003")).contains(clock.instant());
  }

  @Test
  void deliveryStatusesNotUpdatedWithinTheRetentionAreDropped() {
    InMemoryDeliveryStatusStore store = new InMemoryDeliveryStatusStore(clock, DAY);
    for (int i = 0; i < 1_000; i++) {
      store.replace("SMold" + i, 0, "sent", Optional.empty(), T0);
    }

    clock.advance(DAY.plusSeconds(1));
    for (int i = 0; i < Retention.EVERY; i++) {
      store.replace("SMnew" + i, 0, "queued", Optional.empty(), clock.instant());
    }

    assertThat(store.size()).isEqualTo(Retention.EVERY);
    assertThat(store.find("SMold1")).isEmpty();
    assertThat(store.find("SMnew1")).isPresent();
  }

  @Test
  void sendAttemptsOlderThanTheRetentionAreDropped() {
    InMemorySendAttemptStore store = new InMemorySendAttemptStore(clock, DAY);
    for (int i = 0; i < 1_000; i++) {
      store.begin("old-" + i, T0);
    }

    clock.advance(DAY.plusSeconds(1));
    for (int i = 0; i < Retention.EVERY; i++) {
      store.begin("new-" + i, clock.instant());
    }

    assertThat(store.size()).isLessThanOrEqualTo(Retention.EVERY);
    assertThat(store.begin("old-1", clock.instant())).isEmpty();
    assertThat(store.begin("new-1", clock.instant())).isPresent();
  }
}
