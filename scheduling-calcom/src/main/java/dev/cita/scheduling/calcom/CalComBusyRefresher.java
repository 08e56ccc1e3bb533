package dev.cita.scheduling.calcom;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the Cal.com busy cache fresh: every interval it calls
 * {@link CalComCalendarProvider#refreshBusy} for each connected tenant over the booking horizon
 * ({@code [now, now + horizon)}), which refreshes every resource that tenant's Cal.com account
 * blocks. Slot queries then read that cache and never call Cal.com. A tenant that fails (Cal.com
 * down for it, a revoked connection) is logged and reported in the {@link Round}; the others are
 * still refreshed. Stoppable and restartable; {@link #runOnce()} runs a round on the caller's thread.
 *
 * <pre>{@code
 * CalComBusyRefresher refresher = CalComBusyRefresher.builder(calcom, () -> myTenantTable.calcomTenantIds())
 *     .interval(Duration.ofMinutes(5)).horizon(Duration.ofDays(60)).build();
 * refresher.start();
 * ...
 * refresher.stop();
 * }</pre>
 */
public final class CalComBusyRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CalComBusyRefresher.class);

  private final CalComCalendarProvider provider;
  private final Supplier<? extends Collection<TenantId>> tenants;
  private final Clock clock;
  private final Duration horizon;
  private final Consumer<Round> listener;
  private final Poller poller;

  /**
   * What one round did.
   *
   * @param at when the round started (the start of the refreshed window)
   * @param refreshed per refreshed tenant, how many busy Cal.com bookings were found
   * @param failed per tenant that failed, the failure (type and message; never a token)
   */
  public record Round(Instant at, Map<TenantId, Integer> refreshed, Map<TenantId, String> failed) {
    public Round {
      refreshed = Map.copyOf(refreshed);
      failed = Map.copyOf(failed);
    }
  }

  private CalComBusyRefresher(Builder b) {
    this.provider = b.provider;
    this.tenants = b.tenants;
    this.clock = b.clock;
    this.horizon = b.horizon;
    this.listener = b.listener;
    this.poller = new Poller("cita-calcom-busy", b.interval, b.stopWait, this::pollRound);
  }

  /**
   * A refresher of {@code provider}'s cache for the tenants {@code tenants} lists when a round
   * starts (the application's connected Cal.com branches; asked again every round).
   */
  public static Builder builder(CalComCalendarProvider provider, Supplier<? extends Collection<TenantId>> tenants) {
    return new Builder(provider, tenants);
  }

  /** Refreshes every listed tenant once, on the calling thread. */
  public Round runOnce() {
    return round(false);
  }

  /** Starts refreshing every interval (the first round at once) on a daemon thread of its own. */
  public void start() {
    poller.start();
  }

  /** Stops refreshing; the tenant being refreshed finishes first. A stopped refresher may be started again. */
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

  private void pollRound() {
    round(true);
  }

  private Round round(boolean polling) {
    Instant now = clock.instant();
    TimeInterval window = TimeInterval.of(now, horizon);
    Map<TenantId, Integer> refreshed = new LinkedHashMap<>();
    Map<TenantId, String> failed = new LinkedHashMap<>();
    Collection<TenantId> listed = tenants.get();
    for (TenantId tenant : listed == null ? List.<TenantId>of() : listed) {
      if (polling && !poller.isRunning()) {
        break;
      }
      if (tenant == null || refreshed.containsKey(tenant) || failed.containsKey(tenant)) {
        continue;
      }
      try {
        refreshed.put(tenant, provider.refreshBusy(tenant, window));
      } catch (RuntimeException e) {
        // One branch's failure must not leave the others stale: note it and go on.
        failed.put(tenant, e.getClass().getSimpleName() + ": " + e.getMessage());
        log.warn("Cal.com busy refresh of tenant {} failed; the other tenants go on: {}", tenant, e.toString());
      }
    }
    log.debug("Cal.com busy refresh at {}: {} tenant(s) refreshed, {} failed", now, refreshed.size(), failed.size());
    Round round = new Round(now, refreshed, failed);
    try {
      listener.accept(round);
    } catch (RuntimeException e) {
      log.warn("Cal.com busy refresh listener failed", e);
    }
    return round;
  }

  @Override
  public String toString() {
    return "CalComBusyRefresher{horizon=" + horizon + ", running=" + isRunning() + "}";
  }

  /** Configures a {@link CalComBusyRefresher}; {@link #build()} names a bad setting. */
  public static final class Builder {
    private final CalComCalendarProvider provider;
    private final Supplier<? extends Collection<TenantId>> tenants;
    private Clock clock = Clock.systemUTC();
    private Duration interval = Duration.ofMinutes(5);
    private Duration horizon = Duration.ofDays(60);
    private Duration stopWait = Duration.ofSeconds(30);
    private Consumer<Round> listener = round -> { };

    private Builder(CalComCalendarProvider provider, Supplier<? extends Collection<TenantId>> tenants) {
      this.provider = Checks.notNull(provider, "provider");
      this.tenants = Checks.notNull(tenants, "tenants");
    }

    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Time between rounds; default 5 minutes. */
    public Builder interval(Duration interval) {
      this.interval = Checks.positive(interval, "interval");
      return this;
    }

    /** How far ahead busy time is read: the longest booking horizon of the tenants; default 60 days. */
    public Builder horizon(Duration horizon) {
      this.horizon = Checks.positive(horizon, "horizon");
      return this;
    }

    /** How long {@link CalComBusyRefresher#stop()} waits for the tenant in flight; default 30 seconds. */
    public Builder stopWait(Duration stopWait) {
      this.stopWait = Checks.notNegative(stopWait, "stopWait");
      return this;
    }

    /** Told the outcome of every round (for metrics or alerts); must not block. None by default. */
    public Builder listener(Consumer<Round> listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    public CalComBusyRefresher build() {
      return new CalComBusyRefresher(this);
    }
  }
}
