package dev.cita.scheduling.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.sync.BusyRefresher;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.testkit.TestClock;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * One application node for {@link CrossProcessBusyRefreshTest}: a shared busy cache over the
 * database ({@link JdbcBusyTimeStore}, copies at most {@link #STALENESS} old by the system clock)
 * and a busy refresher with a lease ({@link JdbcLeaseStore}) whose clock the test sets per round.
 * Its provider is a stub that answers every tenant the same way and counts the reads. As a child
 * JVM ({@code main}: URL, schema, node id) it prints READY and then answers commands on stdin, one
 * line each: {@code ROUND <epoch millis>} → {@code ROUND <tenant>=<reads>,…} (the reads of this
 * round), {@code PUT <tenant> <event> <start millis> <end millis>} (a push handled) → {@code PUT},
 * {@code EXIT}.
 */
final class BusyNode {
  static final ResourceId ANA = ResourceId.of("ana");
  static final List<TenantId> TENANTS =
      List.of(TenantId.of("norte"), TenantId.of("sur"), TenantId.of("centro"));
  static final Duration INTERVAL = Duration.ofMinutes(5);
  static final Duration LEASE = Duration.ofMinutes(10);
  static final Duration STALENESS = Duration.ofMillis(200);

  final ExternalBusyCache cache;
  private final TestClock clock = new TestClock(Instant.EPOCH);
  private final BusyRefresher refresher;
  private final Map<TenantId, Integer> reads =
      new TreeMap<>((a, b) -> a.value().compareTo(b.value()));

  BusyNode(DataSource ds, String id) {
    cache =
        ExternalBusyCache.shared(new JdbcBusyTimeStore(ds), "stub", Clock.systemUTC(), STALENESS);
    refresher =
        BusyRefresher.builder("stub", this::readProvider, () -> TENANTS)
            .clock(clock)
            .interval(INTERVAL)
            .lease(new JdbcLeaseStore(ds), id, LEASE)
            .build();
  }

  /** The stub provider: one busy hour an hour after the window starts, the same for everyone. */
  private OptionalInt readProvider(TenantId tenant, TimeInterval window) {
    synchronized (reads) {
      reads.merge(tenant, 1, Integer::sum);
    }
    cache.replaceWindow(
        tenant, ANA, window, Map.of("evt-1", busyHourAfter(window.start())), window.start());
    return OptionalInt.of(1);
  }

  static TimeInterval busyHourAfter(Instant start) {
    return TimeInterval.of(start.plus(Duration.ofHours(1)), Duration.ofHours(1));
  }

  /** Runs one refresh round at {@code now}; returns the provider reads per tenant it made. */
  Map<TenantId, Integer> round(Instant now) {
    synchronized (reads) {
      reads.clear();
    }
    clock.set(now);
    refresher.runOnce();
    synchronized (reads) {
      return Map.copyOf(reads);
    }
  }

  static String format(Map<TenantId, Integer> reads) {
    return reads.entrySet().stream()
        .map(e -> e.getKey().value() + "=" + e.getValue())
        .sorted()
        .collect(Collectors.joining(","));
  }

  static Map<TenantId, Integer> parse(String line) {
    Map<TenantId, Integer> out = new TreeMap<>((a, b) -> a.value().compareTo(b.value()));
    for (String part : line.split(",")) {
      if (!part.isEmpty()) {
        String[] kv = part.split("=");
        out.put(TenantId.of(kv[0]), Integer.parseInt(kv[1]));
      }
    }
    return out;
  }

  public static void main(String[] args) throws Exception {
    try (HikariDataSource ds = TestDatabases.postgres(args[0], args[1])) {
      BusyNode node = new BusyNode(ds, args[2]);
      BookingNode.warmUp(ds, 2);
      System.out.println("READY");
      System.out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine();
          line != null && !line.equals("EXIT");
          line = in.readLine()) {
        String[] words = line.split(" ");
        if (words[0].equals("ROUND")) {
          System.out.println(
              "ROUND " + format(node.round(Instant.ofEpochMilli(Long.parseLong(words[1])))));
        } else if (words[0].equals("PUT")) {
          node.cache.put(
              TenantId.of(words[1]),
              ANA,
              words[2],
              TimeInterval.of(
                  Instant.ofEpochMilli(Long.parseLong(words[3])),
                  Instant.ofEpochMilli(Long.parseLong(words[4]))));
          System.out.println("PUT");
        }
        System.out.flush();
      }
    }
  }
}
