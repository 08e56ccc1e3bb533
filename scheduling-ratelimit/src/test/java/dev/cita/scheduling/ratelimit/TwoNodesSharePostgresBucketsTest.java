package dev.cita.scheduling.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.spi.RateLimiter;
import dev.cita.scheduling.spi.RateLimiter.Permit;
import dev.cita.scheduling.testkit.TestClock;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes, each with its own {@link RateLimits} and pool, on one PostgreSQL database share a
 * customer's bucket: the 31st message of a minute is refused on either node. Skipped, saying so,
 * without a server at {@code CITA_TEST_PG_URL} (default {@code
 * jdbc:postgresql://127.0.0.1:5432/test?user=postgres}).
 */
class TwoNodesSharePostgresBucketsTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-12-07T12:00:00Z"));
  private TestPostgres postgres;

  @BeforeEach
  void newSchema() {
    postgres = new TestPostgres();
  }

  @AfterEach
  void dropSchema() throws SQLException {
    postgres.close();
  }

  /** One node's view: its own limits over its own pool. */
  private RateLimits node() {
    return RateLimits.postgres(postgres.pool(), clock);
  }

  @Test
  void theThirtyFirstMessageOfAMinuteIsRefusedOnEitherNode() {
    RateLimits.createTable(postgres.pool());
    RateLimits.createTable(postgres.pool()); // idempotent
    RateLimiter nodeA = AssistantLimits.defaults(node()).perCustomer();
    RateLimiter nodeB = AssistantLimits.defaults(node()).perCustomer();
    String conversation = "c-5f0e8a1b2c3d4e5f";

    List<Permit> permits = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      permits.add((i % 2 == 0 ? nodeA : nodeB).tryAcquire(conversation));
    }
    clock.advance(Duration.ofSeconds(59));
    Permit thirtyFirstOnA = nodeA.tryAcquire(conversation);
    Permit thirtyFirstOnB = nodeB.tryAcquire(conversation);

    assertThat(permits).allMatch(Permit::granted);
    assertThat(thirtyFirstOnA.granted()).isFalse();
    assertThat(thirtyFirstOnB.granted()).isFalse();
    assertThat(thirtyFirstOnB.retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(nodeB.tryAcquire("c-another").granted()).isTrue();
    clock.advance(Duration.ofSeconds(1));
    assertThat(nodeA.tryAcquire(conversation).granted()).isTrue();
  }

  @Test
  void nodesRacingForOneBucketGrantExactlyItsPermits() throws Exception {
    RateLimits.createTable(postgres.pool());
    RateLimiter nodeA = node().limiter("race", Limit.perMinute(30));
    RateLimiter nodeB = node().limiter("race", Limit.perMinute(30));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Boolean>> calls = new ArrayList<>();
      for (int i = 0; i < 80; i++) {
        RateLimiter node = i % 2 == 0 ? nodeA : nodeB;
        calls.add(() -> node.tryAcquire("c-race").granted());
      }
      int granted = 0;
      for (Future<Boolean> f : pool.invokeAll(calls)) {
        granted += f.get() ? 1 : 0;
      }
      assertThat(granted).isEqualTo(30);
    } finally {
      pool.shutdownNow();
    }
  }
}
