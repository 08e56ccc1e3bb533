package dev.cita.scheduling.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryBusyTimeStore;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Several nodes running the same {@link BusyRefresher} over one {@link LeaseStore}: each tenant is
 * refreshed by one node per round, a dead node's tenants move to another within one lease, and a
 * stopped node's at once.
 */
class BusyRefresherLeaseTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final Duration INTERVAL = Duration.ofMinutes(5);
  private static final Duration LEASE = Duration.ofMinutes(10);
  private static final ResourceId ANA = ResourceId.of("ana");
  private static final List<TenantId> TENANTS =
      List.of(TenantId.of("norte"), TenantId.of("sur"), TenantId.of("centro"));

  private final TestClock clock = new TestClock(T0);
  private final LeaseStore leases = new InMemoryLeaseStore();
  private final InMemoryBusyTimeStore busyStore = new InMemoryBusyTimeStore();

  /** The one provider both nodes read: counts its reads per tenant. */
  private final Map<TenantId, AtomicInteger> reads = new ConcurrentHashMap<>();

  /** One application node: its own cache over the shared store, its own refresher. */
  private final class Node {
    final ExternalBusyCache cache =
        ExternalBusyCache.shared(busyStore, "stub", clock, Duration.ofMillis(500));
    final BusyRefresher refresher;

    Node(String id) {
      refresher =
          BusyRefresher.builder(
                  "stub",
                  (tenant, window) -> {
                    int n =
                        reads.computeIfAbsent(tenant, t -> new AtomicInteger()).incrementAndGet();
                    cache.replaceWindow(
                        tenant,
                        ANA,
                        window,
                        Map.of("evt-" + n, TimeInterval.of(window.start(), Duration.ofHours(1))),
                        window.start());
                    return OptionalInt.of(1);
                  },
                  () -> TENANTS)
              .clock(clock)
              .interval(INTERVAL)
              .lease(leases, id, LEASE)
              .build();
    }
  }

  private int totalReads() {
    return reads.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  @Test
  void eachTenantIsReadOncePerRoundWhateverTheNumberOfNodes() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");

    for (int round = 0; round < 4; round++) {
      assertThat(a.refresher.runOnce().refreshed()).containsOnlyKeys(TENANTS);
      assertThat(b.refresher.runOnce().refreshed()).as("node b holds no lease").isEmpty();
      clock.advance(INTERVAL);
    }

    assertThat(reads).allSatisfy((tenant, n) -> assertThat(n.get()).isEqualTo(4));
    assertThat(b.cache.busy(TENANTS.get(0), ANA, TimeInterval.of(T0, Duration.ofDays(1))))
        .as("node b answers with what node a read")
        .containsExactly(TimeInterval.of(T0.plus(INTERVAL.multipliedBy(3)), Duration.ofHours(1)));
  }

  @Test
  void aDeadNodesTenantsMoveToAnotherWithinOneLease() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    a.refresher.runOnce();
    Instant lastRenewal = clock.instant();
    // node a dies here: it runs no more rounds and gives nothing up.

    List<Instant> takenAt = new ArrayList<>();
    while (takenAt.isEmpty()) {
      clock.advance(Duration.ofMinutes(1));
      if (!b.refresher.runOnce().refreshed().isEmpty()) {
        takenAt.add(clock.instant());
      }
    }

    assertThat(takenAt.get(0)).isEqualTo(lastRenewal.plus(LEASE));
    assertThat(totalReads()).isEqualTo(2 * TENANTS.size());
  }

  @Test
  void aStoppedNodeGivesItsLeasesUpAtOnce() {
    Node a = new Node("node-a");
    Node b = new Node("node-b");
    a.refresher.runOnce();
    assertThat(b.refresher.runOnce().refreshed()).isEmpty();

    a.refresher.stop();

    assertThat(b.refresher.runOnce().refreshed()).containsOnlyKeys(TENANTS);
  }

  @Test
  void nodesRunningRoundsAtTheSameTimeReadEachTenantOnce() throws Exception {
    List<TenantId> many = IntStream.range(0, 50).mapToObj(i -> TenantId.of("tenant-" + i)).toList();
    AtomicInteger calls = new AtomicInteger();
    List<BusyRefresher> nodes = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      nodes.add(
          BusyRefresher.builder(
                  "stub",
                  (tenant, window) -> {
                    calls.incrementAndGet();
                    return OptionalInt.of(0);
                  },
                  () -> many)
              .clock(clock)
              .lease(leases, "node-" + i, LEASE)
              .build());
    }
    ExecutorService pool = Executors.newFixedThreadPool(nodes.size());
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<BusyRefresher.Round>> rounds = new ArrayList<>();
      for (BusyRefresher node : nodes) {
        rounds.add(
            pool.submit(
                () -> {
                  go.await();
                  return node.runOnce();
                }));
      }
      go.countDown();
      int refreshed = 0;
      for (Future<BusyRefresher.Round> r : rounds) {
        refreshed += r.get().refreshed().size();
      }
      assertThat(refreshed).isEqualTo(many.size());
      assertThat(calls.get()).isEqualTo(many.size());
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLeaseNotLongerThanTheIntervalIsRefused() {
    BusyRefresher.Builder builder =
        BusyRefresher.builder("stub", (t, w) -> OptionalInt.empty(), () -> TENANTS)
            .interval(INTERVAL)
            .lease(leases, "node-a", INTERVAL);

    assertThatThrownBy(builder::build)
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("leaseDuration");
  }

  @Test
  void aNodeThatCannotReachTheLeaseStoreReportsTheTenantsAsFailed() {
    LeaseStore down =
        new LeaseStore() {
          @Override
          public boolean tryAcquire(String name, String owner, Instant now, Duration duration) {
            throw new IllegalStateException("database down");
          }

          @Override
          public boolean release(String name, String owner) {
            return false;
          }
        };
    BusyRefresher refresher =
        BusyRefresher.builder("stub", (t, w) -> OptionalInt.of(1), () -> TENANTS)
            .clock(clock)
            .lease(down, "node-a")
            .build();

    BusyRefresher.Round round = refresher.runOnce();

    assertThat(round.refreshed()).isEmpty();
    assertThat(round.failed()).containsOnlyKeys(TENANTS);
    assertThat(round.failed().values()).allMatch(m -> m.contains("database down"));
  }
}
