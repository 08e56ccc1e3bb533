package dev.cita.scheduling.sync;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LeaseHolder;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.LeaseStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a provider's {@link ExternalBusyCache} (or, with {@link Builder#kind kind("availability")},
 * its {@link AvailabilityCache}) fresh in the background: every interval it asks the adapter to
 * re-read each listed tenant's busy time over {@code [now, now + horizon)}, so slot queries answer
 * from the cache and never call the provider. A tenant that fails (the provider down for it, a
 * revoked connection) is logged and reported in the {@link Round}; the others are refreshed all the
 * same. Adapters hand out a preconfigured builder (for example {@code
 * calcom.busyRefresher(tenants)}).
 *
 * <pre>{@code
 * BusyRefresher refresher = calcom.busyRefresher(() -> myTenantTable.calcomTenantIds())
 *     .interval(Duration.ofMinutes(5)).horizon(Duration.ofDays(60)).build();
 * refresher.start();   // ... refresher.stop() on shutdown; runOnce() drives a round by hand
 * }</pre>
 *
 * <p><b>Several nodes.</b> With {@link Builder#lease lease(leases, nodeId)} every node may run the
 * same refresher, and each tenant is refreshed by one of them at a time: a node refreshes a tenant
 * only while it holds that tenant's lease (named {@code busy-refresh/<provider>/<kind>/<tenant>}),
 * which it renews every round; the other nodes skip the tenant. When the holder dies, its leases
 * expire and the next round of another node takes them over, so the refresh moves within one lease
 * duration plus one interval; {@link #stop()} gives the leases up at once. Pair it with a {@link
 * ExternalBusyCache#shared shared cache} so that what one node reads every node sees.
 */
public final class BusyRefresher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BusyRefresher.class);
  private static final Duration MIN_INTERVAL = Duration.ofMinutes(1);

  /** How an adapter re-reads one tenant's busy time (or open windows). */
  @FunctionalInterface
  public interface TenantRefresh {
    /**
     * Re-reads the tenant's busy time (or open windows) within {@code window} into the cache.
     *
     * @param tenant the tenant to refresh
     * @param window the span to read, {@code [now, now + horizon)}
     * @return how many busy items were read, or empty when the provider has nothing to refresh for
     *     this tenant (not connected, nothing mapped), which the round skips
     * @throws RuntimeException any failure, which the round records for this tenant and goes on
     */
    OptionalInt refresh(TenantId tenant, TimeInterval window);
  }

  /**
   * What one round did.
   *
   * @param at when the round started (the start of the refreshed window)
   * @param refreshed per refreshed tenant, how many busy items were read
   * @param failed per tenant that failed, the failure (type and message; never a token)
   */
  public record Round(Instant at, Map<TenantId, Integer> refreshed, Map<TenantId, String> failed) {
    /**
     * Copies the maps.
     *
     * @param at when the round started
     * @param refreshed per refreshed tenant, how many busy items were read
     * @param failed per tenant that failed, the failure
     */
    public Round {
      refreshed = Map.copyOf(refreshed);
      failed = Map.copyOf(failed);
    }
  }

  private final String provider;
  private final String kind;
  private final TenantRefresh refresh;
  private final Supplier<? extends Collection<TenantId>> tenants;
  private final Clock clock;
  private final Duration horizon;
  private final Consumer<Round> listener;
  private final Poller poller;
  private final LeaseHolder lease;

  private BusyRefresher(Builder b) {
    this.provider = b.provider;
    this.kind = b.kind;
    this.refresh = b.refresh;
    this.tenants = b.tenants;
    this.clock = b.clock;
    this.horizon = b.horizon;
    this.listener = b.listener;
    LeaseStore leases = b.leases;
    this.lease =
        leases == null
            ? LeaseHolder.none()
            : LeaseHolder.of(
                leases,
                b.owner,
                LeaseHolder.duration(b.leaseDuration, b.interval),
                b.clock,
                provider + " " + kind + " refresh");
    this.poller =
        new Poller("cita-" + provider + "-" + kind, b.interval, b.stopWait, this::pollRound);
  }

  /**
   * A builder for {@code provider}'s refresher: {@code refresh} re-reads one tenant, and {@code
   * tenants} lists the tenants to consider, asked again every round.
   *
   * @param provider the provider id, used in thread names and logs
   * @param refresh how one tenant is re-read
   * @param tenants the tenants to refresh; may return a different set each round
   * @return a builder with a 5-minute interval and a 60-day horizon
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or blank
   */
  public static Builder builder(
      String provider, TenantRefresh refresh, Supplier<? extends Collection<TenantId>> tenants) {
    return new Builder(provider, refresh, tenants);
  }

  /**
   * Refreshes every listed tenant once, now, on the calling thread.
   *
   * @return what the round did
   */
  public Round runOnce() {
    return round(() -> true);
  }

  /** Starts refreshing every interval (the first round at once) on a daemon thread of its own. */
  public void start() {
    poller.start();
  }

  /**
   * Stops refreshing, waiting a bounded time for the tenant in flight, and gives up the leases this
   * node holds so another node takes them over at its next round; it may be started again.
   */
  public void stop() {
    poller.stop();
    lease.releaseAll();
  }

  /**
   * True when this node may refresh {@code tenant} now: no lease store, or this node holds (took or
   * renewed) the tenant's lease.
   */
  private boolean mayRefresh(TenantId tenant) {
    return lease.tryHold("busy-refresh/" + provider + "/" + kind + "/" + tenant.value()).mine();
  }

  /** {@return true between {@link #start()} and {@link #stop()}} */
  public boolean isRunning() {
    return poller.isRunning();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void pollRound() {
    round(poller::isRunning);
  }

  private Round round(BooleanSupplier keepGoing) {
    Instant now = clock.instant();
    TimeInterval window = TimeInterval.of(now, horizon);
    Map<TenantId, Integer> refreshed = new LinkedHashMap<>();
    Map<TenantId, String> failed = new LinkedHashMap<>();
    Collection<TenantId> listed;
    try {
      Collection<TenantId> got = tenants.get();
      listed = got == null ? List.of() : List.copyOf(got);
    } catch (RuntimeException e) {
      log.warn("{} {} refresh could not list the tenants: {}", provider, kind, e.toString());
      listed = List.of();
    }
    for (TenantId tenant : listed) {
      if (!keepGoing.getAsBoolean()) {
        break; // stopped in the middle of a background round
      }
      if (refreshed.containsKey(tenant) || failed.containsKey(tenant)) {
        continue;
      }
      try {
        if (!mayRefresh(tenant)) {
          continue; // another node holds this tenant's lease and refreshes it
        }
        refresh.refresh(tenant, window).ifPresent(n -> refreshed.put(tenant, n));
      } catch (RuntimeException e) {
        // One tenant's trouble must not leave the others stale: note it and go on.
        failed.put(tenant, e.getClass().getSimpleName() + ": " + e.getMessage());
        log.warn(
            "{} {} refresh of tenant {} failed; the other tenants go on: {}",
            provider,
            kind,
            tenant,
            e.toString());
      }
    }
    log.debug(
        "{} {} refresh at {}: {} tenant(s) refreshed, {} failed",
        provider,
        kind,
        now,
        refreshed.size(),
        failed.size());
    Round round = new Round(now, refreshed, failed);
    try {
      listener.accept(round);
    } catch (RuntimeException e) {
      log.warn("{} {} refresh listener failed", provider, kind, e);
    }
    return round;
  }

  @Override
  public String toString() {
    return "BusyRefresher{"
        + provider
        + " "
        + kind
        + ", horizon="
        + horizon
        + ", running="
        + isRunning()
        + '}';
  }

  /** Configures a {@link BusyRefresher}; {@link #build()} names a bad setting. */
  public static final class Builder {
    private final String provider;
    private final TenantRefresh refresh;
    private final Supplier<? extends Collection<TenantId>> tenants;
    private String kind = "busy";
    private Clock clock = Clock.systemUTC();
    private Duration interval = Duration.ofMinutes(5);
    private Duration horizon = Duration.ofDays(60);
    private Duration stopWait = Duration.ofSeconds(30);
    private Consumer<Round> listener = round -> {};
    private @Nullable LeaseStore leases;
    private String owner = "";
    private @Nullable Duration leaseDuration;

    private Builder(
        String provider, TenantRefresh refresh, Supplier<? extends Collection<TenantId>> tenants) {
      this.provider = Checks.notBlank(provider, "provider");
      this.refresh = Checks.notNull(refresh, "refresh");
      this.tenants = Checks.notNull(tenants, "tenants");
    }

    /**
     * Sets the clock "now" is read from; default {@link Clock#systemUTC()}.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * What a round reads, named in logs and the thread's name: {@code "busy"} by default, {@code
     * "availability"} for a provider's open windows.
     *
     * @param kind a short name such as {@code "availability"}
     * @return this builder
     */
    public Builder kind(String kind) {
      this.kind = Checks.notBlank(kind, "kind");
      return this;
    }

    /**
     * Time between rounds; at least 1 minute, default 5 minutes.
     *
     * @param interval at least 1 minute
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if {@code interval} is shorter than 1 minute
     */
    public Builder interval(Duration interval) {
      Checks.notNull(interval, "interval");
      if (interval.compareTo(MIN_INTERVAL) < 0) {
        throw new ValidationException("interval", "must be at least 1 minute, was " + interval);
      }
      this.interval = interval;
      return this;
    }

    /**
     * How far ahead busy time is read: the longest booking horizon of the tenants; default 60 days.
     *
     * @param horizon positive
     * @return this builder
     */
    public Builder horizon(Duration horizon) {
      this.horizon = Checks.positive(horizon, "horizon");
      return this;
    }

    /**
     * How long {@link BusyRefresher#stop()} waits for the tenant in flight; default 30 seconds.
     *
     * @param stopWait not negative
     * @return this builder
     */
    public Builder stopWait(Duration stopWait) {
      this.stopWait = Checks.notNegative(stopWait, "stopWait");
      return this;
    }

    /**
     * Told the outcome of every round (for metrics or alerts); must not block. None by default.
     *
     * @param listener the listener
     * @return this builder
     */
    public Builder listener(Consumer<Round> listener) {
      this.listener = Checks.notNull(listener, "listener");
      return this;
    }

    /**
     * Shares the refresh with other nodes running the same refresher: each tenant is refreshed only
     * by the node holding its lease in {@code leases} (see the class comment). The lease lasts
     * twice the interval.
     *
     * @param leases the lease store all nodes share (the JDBC module's in production)
     * @param owner this node's id, unique among the nodes and stable for its life
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if an argument is missing or blank
     */
    public Builder lease(LeaseStore leases, String owner) {
      this.leases = Checks.notNull(leases, "leases");
      this.owner = Checks.notBlank(owner, "owner");
      this.leaseDuration = null;
      return this;
    }

    /**
     * Like {@link #lease(LeaseStore, String)} with a lease of {@code duration}, which must be
     * longer than the interval (the holder renews it every round): a dead node's tenants move to
     * another node within {@code duration} plus one interval.
     *
     * @param leases the lease store all nodes share
     * @param owner this node's id, unique among the nodes and stable for its life
     * @param duration how long a lease lasts unless renewed; longer than the interval
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if an argument is missing, blank or not
     *     positive
     */
    public Builder lease(LeaseStore leases, String owner, Duration duration) {
      lease(leases, owner);
      this.leaseDuration = Checks.positive(duration, "leaseDuration");
      return this;
    }

    /**
     * {@return the refresher, not yet started}
     *
     * @throws dev.cita.scheduling.ValidationException if the lease is not longer than the interval
     */
    public BusyRefresher build() {
      if (leases != null) {
        LeaseHolder.duration(leaseDuration, interval); // checks it
      }
      return new BusyRefresher(this);
    }
  }
}
