package dev.cita.scheduling.micrometer;

import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.token.ConnectionStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gauges polled from the stores: the outbox backlog and the connections needing re-authorization,
 * per provider. The stores are read at most once per poll interval, whatever the number of gauges
 * and scrapes; a read that fails keeps the last values (and is logged). A provider's gauges are
 * registered the first time it is seen: in a store read, in an outbox push, or named up front.
 */
final class BacklogGauges {
  private static final Logger log = LoggerFactory.getLogger(BacklogGauges.class);

  /** The values of one poll. */
  private record Snapshot(Map<String, OutboxBacklog> outbox, Map<String, Long> reauthorization) {}

  private final MeterRegistry registry;
  private final @Nullable OutboxStore outbox;
  private final @Nullable ConnectionStatusStore connections;
  private final Clock clock;
  private final Duration pollInterval;
  private final Set<String> outboxProviders = ConcurrentHashMap.newKeySet();
  private final Set<String> connectionProviders = ConcurrentHashMap.newKeySet();
  private volatile Snapshot snapshot = new Snapshot(Map.of(), Map.of());
  private volatile @Nullable Instant readAt;

  BacklogGauges(
      MeterRegistry registry,
      @Nullable OutboxStore outbox,
      @Nullable ConnectionStatusStore connections,
      Clock clock,
      Duration pollInterval) {
    this.registry = registry;
    this.outbox = outbox;
    this.connections = connections;
    this.clock = clock;
    this.pollInterval = pollInterval;
  }

  /**
   * Registers the gauge whose reads poll the stores ({@value CitaMetrics#BACKLOG_PROVIDERS}), so
   * providers the stores report get their own gauges from the first scrape on.
   */
  void register() {
    if (outbox == null && connections == null) {
      return;
    }
    Gauge.builder(
            CitaMetrics.BACKLOG_PROVIDERS,
            this,
            g -> {
              Snapshot s = g.poll();
              return s.outbox().size() + s.reauthorization().size();
            })
        .description(
            "Providers with an outbox backlog or connections needing re-authorization (polls the"
                + " stores)")
        .strongReference(true)
        .register(registry);
  }

  /** Registers the gauges of a provider the application names up front or an outbox push names. */
  void watch(String provider) {
    if (outbox != null && outboxProviders.add(provider)) {
      outboxGauge(
          CitaMetrics.OUTBOX_PENDING,
          provider,
          "Outbox entries waiting to be pushed",
          b -> b.pending());
      outboxGauge(
          CitaMetrics.OUTBOX_OLDEST_PENDING_AGE,
          provider,
          "Seconds the oldest pending outbox entry has waited",
          b -> b.lag(clock.instant()).toMillis() / 1000.0);
      outboxGauge(
          CitaMetrics.OUTBOX_DEAD_LETTERS,
          provider,
          "Outbox dead letters awaiting an operator",
          b -> b.dead());
    }
    if (connections != null && connectionProviders.add(provider)) {
      Gauge.builder(
              CitaMetrics.CONNECTIONS_NEEDING_REAUTHORIZATION,
              this,
              g -> g.poll().reauthorization().getOrDefault(provider, 0L))
          .description("Connections whose business must connect its account again")
          .tag("provider", provider)
          .strongReference(true)
          .register(registry);
    }
  }

  private void outboxGauge(
      String name, String provider, String description, ToDoubleFunction<OutboxBacklog> value) {
    Gauge.builder(
            name,
            this,
            g -> {
              OutboxBacklog line = g.poll().outbox().get(provider);
              return line == null ? 0 : value.applyAsDouble(line);
            })
        .description(description)
        .tag("provider", provider)
        .strongReference(true)
        .register(registry);
  }

  /** The current values, read again from the stores once the last read is a poll interval old. */
  Snapshot poll() {
    Instant now = clock.instant();
    Instant last = readAt;
    if (last != null && now.isBefore(last.plus(pollInterval))) {
      return snapshot;
    }
    synchronized (this) {
      if (readAt != last) {
        return snapshot; // another thread read meanwhile
      }
      readAt = now;
      Snapshot read = read();
      if (read != null) {
        snapshot = read;
        read.outbox().keySet().forEach(this::watch);
        read.reauthorization().keySet().forEach(this::watch);
      }
      return snapshot;
    }
  }

  private @Nullable Snapshot read() {
    try {
      Map<String, OutboxBacklog> lines = new ConcurrentHashMap<>();
      if (outbox != null) {
        outbox.backlog().forEach(b -> lines.put(b.provider(), b));
      }
      Map<String, Long> reauth =
          connections == null
              ? Map.of()
              : Map.copyOf(connections.countByProvider(ConnectionStatus.NEEDS_REAUTHORIZATION));
      return new Snapshot(Map.copyOf(lines), reauth);
    } catch (RuntimeException e) {
      log.warn(
          "Cita gauges keep their last values: the stores could not be read: {}", e.toString());
      return null;
    }
  }
}
