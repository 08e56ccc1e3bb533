package dev.cita.scheduling.google;

import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LeaseHolder;
import dev.cita.scheduling.internal.LeaseHolder.Hold;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.sync.ExternalBusyCache;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.CredentialManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every assigned resource's Google calendar followed, so that the application does not have
 * to call {@link GooglePushChannels#watch}, {@link GooglePushChannels#renewExpiring()}, {@link
 * GoogleCalendarProvider#sync} and {@link GoogleCalendarProvider#refreshBusy} itself. Each round,
 * for every (tenant, resource) in {@link GoogleCalendars}:
 *
 * <ol>
 *   <li>renews push channels that expire within the channels' renewal margin (and stops the
 *       channels of resources that moved to another calendar);
 *   <li>asks free/busy for the busy horizon (from a day back, so that today's slot queries are
 *       covered, to {@link Builder#busyHorizon}) for resources that have never synced, so that
 *       {@code busy} can answer at start-up while the slower full syncs run; again every sync
 *       interval until they have synced (skipped for connections not granted free/busy, whose busy
 *       time comes from sync alone);
 *   <li>opens a channel on a resource with no live one: new resources, and every resource after a
 *       restart with an in-memory {@link GoogleChannelStore}; expired channels are dropped;
 *   <li>syncs a resource that was just watched, never synced, or last synced (by a push
 *       notification or a round) longer than {@link Builder#syncInterval} ago: the safety net for
 *       lost notifications.
 * </ol>
 *
 * A failure of one resource (a {@link dev.cita.scheduling.ProviderException}, a {@link
 * ReauthorizationRequiredException}, anything) is logged and does not stop the others; that step of
 * that resource is tried again after the sync interval. Resources whose connection is {@code
 * NEEDS_REAUTHORIZATION} or {@code REVOKED} are skipped, and picked up again once the tenant
 * reconnects. Rounds never overlap. Thread-safe.
 *
 * <p>Without {@link Builder#pushChannels push channels} (no public https address, as in
 * development) steps 1 and 3 are left out and the periodic sync is how changes made in Google
 * arrive: choose a shorter sync interval then.
 *
 * <pre>{@code
 * GoogleSyncScheduler scheduler = GoogleSyncScheduler.builder(google)
 *     .pushChannels(push)
 *     .syncInterval(Duration.ofMinutes(10))
 *     .busyHorizon(Duration.ofDays(60))
 *     .build();
 * scheduler.start();
 * ...
 * scheduler.stop();
 * }</pre>
 *
 * <p><b>Several nodes.</b> With {@link Builder#lease lease(leases, nodeId)} every node may run the
 * same scheduler, and each tenant's Google work (its channel renewals, free/busy refreshes, new
 * channels and syncs) runs on one of them at a time, so Google is read once per tenant whatever the
 * number of nodes: a node works on a tenant only while it holds the tenant's lease (named {@code
 * google-sync/<tenant>}), which it takes or renews at the start of every round for every tenant
 * with an assigned calendar; the other nodes skip the tenant. The lease is per tenant, not per
 * resource or connection: one lease call per tenant and round, and a tenant's resources (whose
 * free/busy is read in one call per connection) stay together. When the holder stops it gives its
 * leases up and the next round of another node takes them; when it dies they expire and move within
 * one lease duration plus one poll interval. Pair it with a {@link ExternalBusyCache#shared shared
 * busy cache} and a shared channel store (the JDBC module's), so that what one node reads and opens
 * every node sees.
 *
 * <p>Sync tokens stay in each node's memory, next to the busy time they were read into. A node that
 * takes a tenant's lease (for the first time, after another node held it, or after its own hold
 * lapsed) forgets the tenant's sync tokens, so its first sync of each resource is a full one that
 * replaces the shared busy time: an old token of its own would only read the changes since it last
 * synced, on top of busy time another node has since rewritten (a free/busy snapshot, say), and
 * Cita's own changed events would be replayed. A full sync per resource and takeover is the price,
 * paid only when the work moves.
 */
public final class GoogleSyncScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GoogleSyncScheduler.class);

  /**
   * Free/busy reaches this far back, so that a slot query starting at local midnight is covered.
   */
  static final Duration BUSY_LOOK_BACK = Duration.ofDays(1);

  /**
   * What one round did: channels opened on unwatched resources, channels renewed, syncs run,
   * resources whose free/busy was refreshed, resources skipped because their connection needs
   * re-authorization, and steps that failed (each retried after the sync interval).
   *
   * @param watched channels opened on resources that had no live one
   * @param renewed channels renewed
   * @param synced syncs run
   * @param refreshed resources whose free/busy was refreshed
   * @param skipped resources skipped because their connection needs re-authorization
   * @param failed steps that failed
   */
  public record Round(
      int watched, int renewed, int synced, int refreshed, int skipped, int failed) {}

  private enum Step {
    RENEW,
    FREE_BUSY,
    WATCH,
    SYNC
  }

  private record Attempt(Step step, TenantId tenant, ResourceId resource) {}

  /** Null when the scheduler only syncs. */
  private final @Nullable GooglePushChannels push;

  private final GoogleCalendarProvider provider;
  private final CredentialManager credentials;
  private final Clock clock;
  private final Duration syncInterval;
  private final Duration busyHorizon;
  private final Poller poller;
  private final LeaseHolder lease;

  /**
   * When a step last failed for a resource; it waits one sync interval before the next try. Entries
   * older than that mean nothing more and are dropped each round, so resources that failed and were
   * unassigned since do not stay here.
   */
  private final Map<Attempt, Instant> failedAt = new ConcurrentHashMap<>();

  private final Object roundLock = new Object();

  private GoogleSyncScheduler(Builder b) {
    this.provider = b.provider;
    this.push = b.push;
    if (push != null && push.provider() != provider) {
      throw new ValidationException(
          "pushChannels", "must be built on the same GoogleCalendarProvider");
    }
    this.credentials = provider.credentials();
    this.clock = b.clock == null ? provider.clock() : b.clock;
    this.syncInterval = b.syncInterval;
    this.busyHorizon = b.busyHorizon;
    LeaseStore leases = b.leases;
    this.lease =
        leases == null
            ? LeaseHolder.none()
            : LeaseHolder.of(
                leases,
                b.owner,
                LeaseHolder.duration(b.leaseDuration, b.pollInterval),
                clock,
                "Google sync");
    this.poller =
        new Poller("cita-google-sync", b.pollInterval, b.stopWait, () -> round(this::isRunning));
  }

  /**
   * A scheduler for the resources assigned in {@code provider}'s {@link GoogleCalendars}.
   *
   * @param provider the provider whose calendars are followed
   * @return a builder; every value has a default
   */
  public static Builder builder(GoogleCalendarProvider provider) {
    return new Builder(Checks.notNull(provider, "provider"));
  }

  /**
   * Runs one round on the calling thread, waiting for a round in flight to finish first.
   *
   * @return what the round did
   */
  public Round runOnce() {
    return round(() -> true);
  }

  /** Starts running rounds every poll interval on a daemon thread of its own. */
  public void start() {
    poller.start();
  }

  /**
   * Stops after the resource in flight (waiting at most the stop wait) and gives up the tenants'
   * leases this node holds, so that another node takes them over at its next round; a stopped
   * scheduler may be started again.
   */
  public void stop() {
    poller.stop();
    lease.releaseAll();
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

  /** How many failed steps are remembered, for tests. */
  int rememberedFailures() {
    return failedAt.size();
  }

  private Round round(BooleanSupplier keepGoing) {
    synchronized (roundLock) {
      Instant now = clock.instant();
      failedAt.values().removeIf(at -> !at.isAfter(now.minus(syncInterval)));
      return new RoundRun(now, keepGoing).run();
    }
  }

  /** The state of one round. */
  private final class RoundRun {
    private final Instant now;
    private final BooleanSupplier keepGoing;
    private final Map<ConnectionKey, Boolean> usable = new HashMap<>();
    private final Map<ConnectionKey, Boolean> freeBusy = new HashMap<>();
    private final Set<Attempt> mustSync = new HashSet<>();
    private final Map<TenantId, Boolean> mine = new HashMap<>();
    private final Set<TenantId> taken = new HashSet<>();
    private int watched;
    private int renewed;
    private int synced;
    private int refreshed;
    private int skipped;
    private int failed;

    RoundRun(Instant now, BooleanSupplier keepGoing) {
      this.now = now;
      this.keepGoing = keepGoing;
    }

    Round run() {
      List<CalendarAssignment> assignments = provider.calendars().all();
      assignments.forEach(a -> mine(a.tenant())); // renews the leases even when nothing is due
      renewChannels();
      refreshNeverSynced(assignments);
      for (CalendarAssignment a : assignments) {
        if (!keepGoing.getAsBoolean()) {
          break;
        }
        if (!mine(a.tenant())) {
          continue; // another node holds the tenant's lease and does its work
        }
        if (!usable(a.connection())) {
          skipped++;
          continue;
        }
        if (push != null) {
          watchIfUnwatched(push, a);
        }
        syncIfDue(a);
      }
      Round round = new Round(watched, renewed, synced, refreshed, skipped, failed);
      if (watched + renewed + synced + refreshed + failed > 0) {
        log.info("Google sync round: {}", round);
      }
      return round;
    }

    private void renewChannels() {
      if (push == null) {
        return;
      }
      Instant limit = now.plus(push.renewBefore());
      for (GoogleChannel channel : push.channelStore().all()) {
        CalendarAssignment a = channel.assignment();
        Attempt attempt = new Attempt(Step.RENEW, a.tenant(), a.resource());
        if (!keepGoing.getAsBoolean()) {
          return;
        }
        if (channel.expiresAt().isAfter(limit)
            || !mine(a.tenant())
            || !usable(a.connection())
            || waiting(attempt)) {
          continue;
        }
        try {
          Optional<GoogleChannel> opened = push.renew(channel);
          if (opened.isPresent()) {
            renewed++;
            if (!channel.expiresAt().isAfter(now)) {
              mustSync.add(
                  new Attempt(Step.SYNC, a.tenant(), a.resource())); // notifications were lost
            }
          }
          failedAt.remove(attempt);
        } catch (RuntimeException e) {
          fail(attempt, a.connection(), "renew " + channel, e);
        }
      }
    }

    private void refreshNeverSynced(List<CalendarAssignment> assignments) {
      Map<ConnectionKey, List<ResourceId>> due = new LinkedHashMap<>();
      for (CalendarAssignment a : assignments) {
        if (!mine(a.tenant())
            || !usable(a.connection())
            || waiting(new Attempt(Step.FREE_BUSY, a.tenant(), a.resource()))
            || provider.lastSynced(a).isPresent()
            || !freeBusyGranted(a.connection())) {
          continue;
        }
        var cache = provider.busyCache();
        Optional<Instant> refreshedAt = cache.refreshedAt(a.tenant(), a.resource());
        boolean fresh =
            refreshedAt.isPresent()
                && refreshedAt.get().isAfter(now.minus(syncInterval))
                && cache.unavailable(a.tenant(), a.resource()).isEmpty();
        // Taken over from another node: its busy time is there, and this round's full sync
        // replaces it; a free/busy snapshot meanwhile would only blur it.
        boolean handedOver = taken.contains(a.tenant()) && refreshedAt.isPresent();
        if (!fresh && !handedOver) {
          due.computeIfAbsent(a.connection(), k -> new ArrayList<>()).add(a.resource());
        }
      }
      TimeInterval window = TimeInterval.of(now.minus(BUSY_LOOK_BACK), now.plus(busyHorizon));
      for (Map.Entry<ConnectionKey, List<ResourceId>> group : due.entrySet()) {
        if (!keepGoing.getAsBoolean()) {
          return;
        }
        TenantId tenant = group.getKey().tenant();
        try {
          FreeBusyResult result = provider.refreshBusy(tenant, group.getValue(), window);
          for (ResourceId r : group.getValue()) {
            Attempt attempt = new Attempt(Step.FREE_BUSY, tenant, r);
            String error = result.errors().get(r);
            if (error == null) {
              refreshed++;
              failedAt.remove(attempt);
            } else {
              failed++;
              failedAt.put(attempt, now);
            }
          }
        } catch (RuntimeException e) {
          for (ResourceId r : group.getValue()) {
            fail(
                new Attempt(Step.FREE_BUSY, tenant, r),
                group.getKey(),
                "refresh free/busy of " + tenant + "/" + r,
                e);
          }
        }
      }
    }

    private void watchIfUnwatched(GooglePushChannels push, CalendarAssignment a) {
      Attempt attempt = new Attempt(Step.WATCH, a.tenant(), a.resource());
      GoogleChannelStore channels = push.channelStore();
      boolean live = false;
      for (GoogleChannel c : channels.all()) {
        if (c.assignment().equals(a)) {
          if (c.expiresAt().isAfter(now)) {
            live = true;
          } else {
            channels.delete(c.id()); // dead at Google already
          }
        }
      }
      if (live || !usable(a.connection()) || waiting(attempt)) {
        return;
      }
      try {
        push.watch(a.tenant(), a.resource());
        watched++;
        failedAt.remove(attempt);
        mustSync.add(
            new Attempt(Step.SYNC, a.tenant(), a.resource())); // changes before the channel opened
      } catch (RuntimeException e) {
        fail(attempt, a.connection(), "watch " + a.tenant() + "/" + a.resource(), e);
      }
    }

    private void syncIfDue(CalendarAssignment a) {
      Attempt attempt = new Attempt(Step.SYNC, a.tenant(), a.resource());
      Optional<Instant> last = provider.lastSynced(a);
      boolean due =
          mustSync.contains(attempt)
              || last.isEmpty()
              || !last.get().isAfter(now.minus(syncInterval));
      if (!due || !usable(a.connection()) || (!mustSync.contains(attempt) && waiting(attempt))) {
        return;
      }
      try {
        provider.sync(a.tenant(), a.resource());
        synced++;
        failedAt.remove(attempt);
      } catch (RuntimeException e) {
        fail(attempt, a.connection(), "sync " + a.tenant() + "/" + a.resource(), e);
      }
    }

    /**
     * True when this node does the tenant's work: no lease store, or it holds the tenant's lease;
     * asked once a round. A lease just taken makes the tenant's next syncs full ones (see the class
     * comment). False, and logged, when the lease store cannot be reached.
     */
    private boolean mine(TenantId tenant) {
      return mine.computeIfAbsent(
          tenant,
          t -> {
            try {
              Hold hold = lease.tryHold("google-sync/" + t.value());
              if (hold == Hold.TAKEN) {
                provider.forgetSyncTokens(t);
                taken.add(t);
              }
              return hold.mine();
            } catch (RuntimeException e) {
              log.warn(
                  "could not take the Google sync lease of tenant {}; skipped this round: {}",
                  t,
                  e.toString());
              return false;
            }
          });
    }

    /** False for a connection that needs the tenant to authorize again; checked once a round. */
    private boolean usable(ConnectionKey connection) {
      return usable.computeIfAbsent(
          connection,
          c -> {
            ConnectionStatus status = credentials.status(c).status();
            return status != ConnectionStatus.NEEDS_REAUTHORIZATION
                && status != ConnectionStatus.REVOKED;
          });
    }

    /**
     * False when the connection's grant lacks free/busy: its resources are only synced (step 4
     * syncs every never-synced resource). True when the grant cannot be read, so the refresh runs
     * and reports why it failed as before.
     */
    private boolean freeBusyGranted(ConnectionKey connection) {
      return freeBusy.computeIfAbsent(
          connection,
          c -> {
            try {
              return provider.grant(c).canReadFreeBusy();
            } catch (RuntimeException unreadable) {
              return true;
            }
          });
    }

    /** True while a step that failed for this resource waits out its sync interval. */
    private boolean waiting(Attempt attempt) {
      Instant at = failedAt.get(attempt);
      return at != null && at.isAfter(now.minus(syncInterval));
    }

    private void fail(Attempt attempt, ConnectionKey connection, String what, RuntimeException e) {
      failed++;
      failedAt.put(attempt, now);
      if (e instanceof ReauthorizationRequiredException) {
        usable.put(connection, false); // skip the connection's other resources this round
        log.warn(
            "could not {}: the connection needs to be authorized again; its resources are skipped"
                + " until then",
            what);
      } else {
        log.warn("could not {} (tried again in {}): {}", what, syncInterval, e.toString());
      }
    }
  }

  /** Collects a {@link GoogleSyncScheduler}; every value has a default. */
  public static final class Builder {
    private final GoogleCalendarProvider provider;
    private @Nullable GooglePushChannels push;
    private @Nullable Clock clock;
    private Duration pollInterval = Duration.ofMinutes(1);
    private Duration syncInterval = Duration.ofMinutes(10);
    private Duration busyHorizon = Duration.ofDays(60);
    private Duration stopWait = Duration.ofSeconds(30);
    private @Nullable LeaseStore leases;
    private String owner = "";
    private @Nullable Duration leaseDuration;

    private Builder(GoogleCalendarProvider provider) {
      this.provider = provider;
    }

    /**
     * The push channels to open and renew, built on the same provider; without them the scheduler
     * only syncs and refreshes free/busy.
     *
     * @param push the push channels
     * @return this builder
     */
    public Builder pushChannels(GooglePushChannels push) {
      this.push = Checks.notNull(push, "pushChannels");
      return this;
    }

    /**
     * Where time is read; the provider's clock if not set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * How long {@link #start() started} rounds wait between each other; default 1 minute.
     *
     * @param pollInterval a positive duration
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Sync a resource that has not synced for this long (the safety net for lost push
     * notifications), refresh a never-synced resource's free/busy this often, and retry a failed
     * step after this long; default 10 minutes.
     *
     * @param syncInterval a positive duration
     * @return this builder
     */
    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = Checks.positive(syncInterval, "syncInterval");
      return this;
    }

    /**
     * How far ahead free/busy is read for resources that have not synced yet; default 60 days. Make
     * it at least the longest booking horizon of your appointment types.
     *
     * @param busyHorizon a positive duration
     * @return this builder
     */
    public Builder busyHorizon(Duration busyHorizon) {
      this.busyHorizon = Checks.positive(busyHorizon, "busyHorizon");
      return this;
    }

    /**
     * How long {@link GoogleSyncScheduler#stop()} waits for the resource in flight; default 30 s.
     *
     * @param stopWait zero or more
     * @return this builder
     */
    public Builder stopWait(Duration stopWait) {
      this.stopWait = Checks.notNegative(stopWait, "stopWait");
      return this;
    }

    /**
     * Runs each tenant's work only on the node holding the tenant's lease in {@code leases}, shared
     * by every node running this scheduler (see the class comment); a lease lasts two poll
     * intervals.
     *
     * @param leases the nodes' common lease store, such as {@code JdbcStores.leases()}
     * @param nodeId the id of this node, stable while it runs and unlike any other node's
     * @return this builder
     * @throws ValidationException ({@code leases}, {@code nodeId}) if missing or blank
     */
    public Builder lease(LeaseStore leases, String nodeId) {
      return share(leases, nodeId, null);
    }

    /**
     * As {@link #lease(LeaseStore, String)}, each lease lasting {@code duration}: more than the
     * poll interval, since the holder renews it once a round, and best more than a round takes. A
     * node that dies leaves its tenants to another within {@code duration} and one poll interval.
     *
     * @param leases the nodes' common lease store
     * @param nodeId the id of this node, stable while it runs and unlike any other node's
     * @param duration the time a lease lasts without renewal
     * @return this builder
     * @throws ValidationException ({@code leases}, {@code nodeId}, {@code leaseDuration}) if
     *     missing, blank or not positive
     */
    public Builder lease(LeaseStore leases, String nodeId, Duration duration) {
      return share(leases, nodeId, Checks.positive(duration, "leaseDuration"));
    }

    private Builder share(LeaseStore leases, String nodeId, @Nullable Duration duration) {
      this.leases = Checks.notNull(leases, "leases");
      this.owner = Checks.notBlank(nodeId, "nodeId");
      this.leaseDuration = duration;
      return this;
    }

    /**
     * A scheduler; not started.
     *
     * @return the scheduler
     * @throws ValidationException ({@code pushChannels}) if the push channels belong to another
     *     provider; ({@code leaseDuration}) if the lease is not longer than the poll interval
     */
    public GoogleSyncScheduler build() {
      if (leases != null) {
        LeaseHolder.duration(leaseDuration, pollInterval); // checks it
      }
      return new GoogleSyncScheduler(this);
    }
  }
}
