package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Calendly busy cache fresh in the background: every interval it runs
 * {@link CalendlyCalendarProvider#syncBusy} for each host resource of each tenant that has connected
 * Calendly, over the window from now to now + horizon. A tenant or resource that fails is logged
 * and skipped; the others are refreshed all the same.
 *
 * <pre>{@code
 * CalendlyBusyRefresher refresher = CalendlyBusyRefresher.builder(provider, () -> tenantsWithCalendly())
 *     .interval(Duration.ofMinutes(10)).horizon(Duration.ofDays(60)).build();
 * refresher.start();   // ... refresher.stop() on shutdown
 * }</pre>
 */
public final class CalendlyBusyRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CalendlyBusyRefresher.class);

  /** What one round did: resources refreshed and resources that failed. */
  public record Round(int refreshed, int failed) {}

  private final CalendlyCalendarProvider provider;
  private final CalendlyClient client;
  private final CalendlyMappings mappings;
  private final Supplier<? extends Collection<TenantId>> tenants;
  private final Clock clock;
  private final Duration horizon;
  private final Poller poller;

  private CalendlyBusyRefresher(Builder b) {
    this.provider = b.provider;
    this.client = b.client;
    this.mappings = b.mappings;
    this.tenants = b.tenants;
    this.clock = b.clock;
    this.horizon = b.horizon;
    this.poller = new Poller("cita-calendly-busy", b.interval, b.stopWait, this::pollRound);
  }

  /**
   * A builder over the provider to refresh and the tenants to consider (read each round); tenants
   * without a Calendly connection or mapping are skipped.
   */
  public static Builder builder(CalendlyCalendarProvider provider, Supplier<? extends Collection<TenantId>> tenants) {
    return new Builder(provider, tenants);
  }

  /** Refreshes every connected tenant's host resources once, now, on the calling thread. */
  public Round runOnce() {
    return refresh(() -> true);
  }

  private void pollRound() {
    refresh(poller::isRunning);
  }

  private Round refresh(BooleanSupplier keepGoing) {
    Instant now = clock.instant();
    TimeInterval window = TimeInterval.of(now, now.plus(horizon));
    int refreshed = 0;
    int failed = 0;
    Collection<TenantId> all;
    try {
      all = List.copyOf(tenants.get());
    } catch (RuntimeException e) {
      log.warn("Calendly busy refresh could not list the tenants: {}", e.toString());
      return new Round(0, 0);
    }
    for (TenantId tenant : all) {
      if (!keepGoing.getAsBoolean()) {
        break; // stopped in the middle of a background round
      }
      Optional<CalendlyMapping> mapping = mappings.forTenant(tenant);
      try {
        if (mapping.isEmpty() || !client.isConnected(tenant)) {
          continue;
        }
      } catch (RuntimeException e) {
        failed++;
        log.warn("Calendly busy refresh of tenant {} failed: {}", tenant, e.toString());
        continue;
      }
      for (ResourceId resource : mapping.get().hostResources()) {
        try {
          provider.syncBusy(tenant, resource, window);
          refreshed++;
        } catch (RuntimeException e) {
          // One tenant's trouble (revoked token, Calendly refusing it) never stops the others.
          failed++;
          log.warn("Calendly busy refresh of tenant {} resource {} failed: {}", tenant, resource, e.toString());
        }
      }
    }
    return new Round(refreshed, failed);
  }

  /** Starts refreshing every interval, the first round at once; starting twice does nothing. */
  public void start() {
    poller.start();
  }

  /** Stops refreshing, waiting a bounded time for a round in flight; it may be started again. */
  public void stop() {
    poller.stop();
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public boolean isRunning() {
    return poller.isRunning();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return "CalendlyBusyRefresher{horizon=" + horizon + ", running=" + isRunning() + '}';
  }

  /** Collects the settings of a {@link CalendlyBusyRefresher}; {@link #build()} checks them. */
  public static final class Builder {
    private final CalendlyCalendarProvider provider;
    private final CalendlyClient client;
    private final CalendlyMappings mappings;
    private final Supplier<? extends Collection<TenantId>> tenants;
    private Clock clock = Clock.systemUTC();
    private Duration interval = Duration.ofMinutes(10);
    private Duration horizon = Duration.ofDays(60);
    private Duration stopWait = Duration.ofSeconds(30);

    private Builder(CalendlyCalendarProvider provider, Supplier<? extends Collection<TenantId>> tenants) {
      this.provider = Checks.notNull(provider, "provider");
      this.client = provider.client();
      this.mappings = provider.mappings();
      this.tenants = Checks.notNull(tenants, "tenants");
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Time between rounds; default 10 minutes, at least 1 minute. */
    public Builder interval(Duration interval) {
      Checks.notNull(interval, "interval");
      if (interval.compareTo(Duration.ofMinutes(1)) < 0) {
        throw new ValidationException("interval", "must be at least 1 minute, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /** How far ahead busy time is read; default 60 days. */
    public Builder horizon(Duration horizon) {
      this.horizon = Checks.positive(horizon, "horizon");
      return this;
    }

    /** How long {@link CalendlyBusyRefresher#stop()} waits for a round in flight; default 30 s. */
    public Builder stopWait(Duration stopWait) {
      this.stopWait = Checks.notNegative(stopWait, "stopWait");
      return this;
    }

    public CalendlyBusyRefresher build() {
      return new CalendlyBusyRefresher(this);
    }
  }
}
