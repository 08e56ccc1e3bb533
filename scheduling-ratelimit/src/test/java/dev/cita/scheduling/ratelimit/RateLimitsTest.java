package dev.cita.scheduling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.spi.RateLimiter.Permit;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimitsTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T12:00:00Z"));
  private final RateLimits limits = RateLimits.inMemory(clock);

  private static List<Permit> take(RateLimiter limiter, String key, int times) {
    List<Permit> permits = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      permits.add(limiter.tryAcquire(key));
    }
    return permits;
  }

  @Test
  void thirtyAMinuteRefusesTheThirtyFirstUntilTheMinuteIsOver() {
    RateLimiter perCustomer = limits.limiter("customer", AssistantLimits.PER_CUSTOMER);

    assertThat(take(perCustomer, "c-1", 30)).allMatch(Permit::granted);
    clock.advance(Duration.ofSeconds(20));
    Permit thirtyFirst = perCustomer.tryAcquire("c-1");

    assertThat(thirtyFirst.granted()).isFalse();
    assertThat(thirtyFirst.retryAfter()).isEqualTo(Duration.ofSeconds(40));
    assertThat(perCustomer.tryAcquire("c-2").granted()).isTrue();
    clock.advance(Duration.ofSeconds(40));
    assertThat(take(perCustomer, "c-1", 31)).filteredOn(Permit::granted).hasSize(30);
  }

  @Test
  void limitersOfOneStoreNeverShareABucket() {
    RateLimiter a = limits.limiter("a", Limit.perMinute(1));
    RateLimiter b = limits.limiter("b", Limit.perMinute(1));

    assertThat(a.tryAcquire("k").granted()).isTrue();
    assertThat(b.tryAcquire("k").granted()).isTrue();
    assertThat(a.tryAcquire("k").granted()).isFalse();
  }

  @Test
  void longKeysAreStoredAsTheirHashAndStillApart() {
    String longKey = "x".repeat(500);

    String stored = RateLimits.storedKey("webhook", longKey);

    assertThat(stored).hasSizeLessThanOrEqualTo(RateLimits.MAX_KEY).startsWith("webhook:sha256:");
    assertThat(RateLimits.storedKey("webhook", longKey + "y")).isNotEqualTo(stored);
    assertThat(RateLimits.storedKey("webhook", "short")).isEqualTo("webhook:short");
  }

  @Test
  void fullBucketsAreForgottenSoMemoryFollowsTheKeysInUse() {
    MemoryStore store = new MemoryStore(RateLimits.timeMeter(clock));
    var config = Limit.perMinute(5).configuration();
    for (int i = 0; i < 1000; i++) {
      store.tryAcquire("once-" + i, config);
    }
    clock.advance(Duration.ofSeconds(61)); // the 1000 one-off buckets are full again
    store.tryAcquire("busy", config); // in use: not full

    for (int i = 0; store.size() > 2 && i < MemoryStore.SWEEP_EVERY; i++) {
      store.tryAcquire("fresh", config);
    }

    assertThat(store.size()).isEqualTo(2); // "fresh", and "busy"
    assertThat(store.tryAcquire("busy", config).granted()).isTrue();
  }

  @Test
  void badLimitsNameTheirField() {
    assertThatThrownBy(() -> Limit.perMinute(0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit.permits"));
    assertThatThrownBy(() -> new Limit(1, Duration.ofDays(2)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("limit.period"));
  }
}
