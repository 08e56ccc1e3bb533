package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ExternalBusyCacheTest {
  private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
  private static final TenantId T = TenantId.of("t");
  private static final ResourceId R = ResourceId.of("r");
  private final ExternalBusyCache cache = new ExternalBusyCache();

  private static TimeInterval hour(int h) {
    return TimeInterval.of(T0.plus(Duration.ofHours(h)), Duration.ofHours(1));
  }

  @Test
  void replaceWindowDropsEventsGoneFromTheWindowAndKeepsOthers() {
    cache.put(T, R, "inside-old", hour(2));
    cache.put(T, R, "outside", hour(30));

    cache.replaceWindow(T, R, TimeInterval.of(T0, Duration.ofHours(24)), Map.of("new", hour(5)), T0);

    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(3)))).containsExactlyInAnyOrder(hour(5), hour(30));
    assertThat(cache.refreshedAt(T, R)).contains(T0);
  }

  @Test
  void putMovesAnEventAndRemoveForgetsIt() {
    cache.put(T, R, "e1", hour(1));
    cache.put(T, R, "e1", hour(3));
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).containsExactly(hour(3));

    assertThat(cache.remove(T, R, "e1")).isTrue();
    assertThat(cache.remove(T, R, "e1")).isFalse();
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).isEmpty();
  }

  @Test
  void busyOnlyReturnsOverlapsOfTheRangeForThatTenantAndResource() {
    cache.put(T, R, "e1", hour(1));
    cache.put(T, R, "e2", hour(10));
    cache.put(TenantId.of("other"), R, "e3", hour(1));

    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofHours(2)))).containsExactly(hour(1));
    assertThat(cache.busy(T, ResourceId.of("r2"), TimeInterval.of(T0, Duration.ofHours(2)))).isEmpty();
    assertThat(cache.refreshedAt(T, R)).isEmpty();
    cache.clear(T, R);
    assertThat(cache.busy(T, R, TimeInterval.of(T0, Duration.ofDays(1)))).isEmpty();
  }
}
