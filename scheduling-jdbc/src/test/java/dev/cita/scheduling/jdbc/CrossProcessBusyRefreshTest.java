package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.testkit.ChildJvm;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two application nodes (this JVM and a child JVM) on one PostgreSQL, each with a shared busy cache
 * and a leased busy refresher over one stub provider (see {@link BusyNode}): each tenant's busy
 * time is read from the provider once per refresh period, not once per node; a push handled by one
 * node is seen by the other within a second; and when the refreshing node is killed, the other
 * takes the refresh over within one lease.
 */
class CrossProcessBusyRefreshTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final TimeInterval WEEK = TimeInterval.of(T0, Duration.ofDays(7));

  private HikariDataSource dataSource;
  private Process child;
  private BufferedReader fromChild;
  private Writer toChild;

  @AfterEach
  void cleanUp() {
    if (child != null) {
      child.destroyForcibly();
    }
    TestDatabases.dropPostgres(dataSource);
  }

  private String ask(String command) throws Exception {
    toChild.write(command + "\n");
    toChild.flush();
    return fromChild.readLine();
  }

  private static Map<TenantId, Integer> reads(String reply) {
    assertThat(reply).startsWith("ROUND");
    return BusyNode.parse(reply.substring("ROUND".length()).strip());
  }

  @Test
  void twoNodesReadEachTenantOncePerPeriodShareAPushAndTakeOverFromADeadNode() throws Exception {
    dataSource = TestDatabases.postgres();
    child =
        ChildJvm.of(BusyNode.class, TestDatabases.postgresUrl(), dataSource.getSchema(), "node-b")
            .start();
    fromChild =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    toChild = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
    assertThat(fromChild.readLine()).isEqualTo("READY");
    BusyNode here = new BusyNode(dataSource, "node-a");
    Map<TenantId, Integer> everyTenantOnce = new HashMap<>();
    BusyNode.TENANTS.forEach(t -> everyTenantOnce.put(t, 1));

    // Period 0: the child refreshes first and takes every tenant's lease; this node, started
    // with an empty cache, answers with what the child read and reads nothing itself.
    assertThat(reads(ask("ROUND " + T0.toEpochMilli()))).isEqualTo(everyTenantOnce);
    assertThat(here.round(T0)).isEmpty();
    assertThat(here.cache.busy(TenantId.of("sur"), BusyNode.ANA, WEEK))
        .containsExactly(BusyNode.busyHourAfter(T0));

    // Periods 1-3: both nodes run their rounds at the same moment; each tenant is read once.
    Instant lastRenewal = T0;
    for (int period = 1; period <= 3; period++) {
      Instant at = T0.plus(BusyNode.INTERVAL.multipliedBy(period));
      CompletableFuture<String> there = CompletableFuture.supplyAsync(() -> askUnchecked(at));
      Map<TenantId, Integer> mine = here.round(at);
      Map<TenantId, Integer> theirs = reads(there.get(1, TimeUnit.MINUTES));
      Map<TenantId, Integer> total = new HashMap<>(mine);
      theirs.forEach((t, n) -> total.merge(t, n, Integer::sum));
      assertThat(total).as("provider reads in period %d", period).isEqualTo(everyTenantOnce);
      assertThat(theirs).as("the lease holder keeps refreshing").isEqualTo(everyTenantOnce);
      lastRenewal = at;
    }

    // A push handled by the child is seen here within a second.
    TimeInterval pushed = TimeInterval.of(T0.plus(Duration.ofHours(30)), Duration.ofMinutes(45));
    long before = System.nanoTime();
    assertThat(
            ask(
                "PUT norte evt-push "
                    + pushed.start().toEpochMilli()
                    + " "
                    + pushed.end().toEpochMilli()))
        .isEqualTo("PUT");
    long seenAfterMillis = -1;
    while ((System.nanoTime() - before) < TimeUnit.SECONDS.toNanos(5)) {
      if (here.cache.busy(TenantId.of("norte"), BusyNode.ANA, WEEK).contains(pushed)) {
        seenAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - before);
        break;
      }
      Thread.sleep(20);
    }
    assertThat(seenAfterMillis).as("ms until this node saw the push").isBetween(0L, 1_000L);

    // The refreshing node dies; this node takes every tenant over when the lease runs out, not
    // before, and from then on reads each tenant once per period.
    child.destroyForcibly();
    assertThat(child.waitFor(1, TimeUnit.MINUTES)).isTrue();
    Instant takenOverAt = null;
    for (Instant at = lastRenewal.plus(Duration.ofMinutes(1));
        takenOverAt == null && at.isBefore(lastRenewal.plus(BusyNode.LEASE.multipliedBy(2)));
        at = at.plus(Duration.ofMinutes(1))) {
      Map<TenantId, Integer> mine = here.round(at);
      if (!mine.isEmpty()) {
        assertThat(mine).isEqualTo(everyTenantOnce);
        takenOverAt = at;
      }
    }
    assertThat(takenOverAt).as("take-over time").isEqualTo(lastRenewal.plus(BusyNode.LEASE));
    assertThat(here.round(takenOverAt.plus(BusyNode.INTERVAL))).isEqualTo(everyTenantOnce);
  }

  private String askUnchecked(Instant at) {
    try {
      return ask("ROUND " + at.toEpochMilli());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
