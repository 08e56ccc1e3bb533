package dev.cita.scheduling.microsoft;

import dev.cita.scheduling.ReauthorizationRequiredException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.LeaseHolder;
import dev.cita.scheduling.internal.LeaseHolder.Hold;
import dev.cita.scheduling.internal.Poller;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.LeaseStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.webhook.WebhookHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
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
 * Keeps every assigned Microsoft mailbox followed, as {@code GoogleSyncScheduler} does for Google.
 * Each round:
 *
 * <ol>
 *   <li>renews the {@linkplain Builder#subscriptions subscriptions} that expire soon ({@link
 *       MicrosoftSubscriptions#renewExpiring}, on the node holding its lease when it has one);
 *   <li>delta-syncs each mailbox that a change notification asked to sync now ({@link #syncNow};
 *       with subscriptions, {@link MicrosoftSubscriptions#handle} hands them here and answers Graph
 *       at once), that never synced on this node, or that last synced longer than {@link
 *       Builder#syncInterval} ago (the safety net for lost notifications);
 *   <li>passes the changes made in Outlook to Cita's own events (moved, cancelled, deleted) through
 *       the {@link WebhookHandler} to their appointments, the same pipeline every provider's
 *       webhooks go through: de-duplicated, never older over newer, only moves the lifecycle
 *       allows, and never undoing a change of Cita's still on its way to Outlook. The delta link
 *       advances only once they were applied.
 * </ol>
 *
 * <p>A failed sync (a {@link dev.cita.scheduling.ProviderException} once the HTTP retries are
 * spent, anything else) is logged and tried again after a backoff that doubles from the poll
 * interval up to the sync interval; a mailbox asked to sync now is given up after {@link
 * Builder#maxAttempts} failures in a row (logged) and then synced on the periodic schedule.
 * Mailboxes whose connection needs re-authorization or was revoked are skipped until the tenant
 * reconnects. Rounds never overlap; {@link #stop()} ends after the mailbox in flight. Time comes
 * from the injected clock. Thread-safe.
 *
 * <p><b>Several nodes.</b> With {@link Builder#lease lease(leases, nodeId)} the periodic syncs of a
 * tenant run only on the node holding the lease {@code microsoft-sync/<tenant>}; a node that takes
 * it forgets its delta links for the tenant, so its first syncs are full ones that replace the
 * shared busy time (see {@code GoogleSyncScheduler}). A mailbox asked to sync now is synced by the
 * node that received the notification, whoever holds the lease, so a change reaches Cita without
 * waiting for the holder's next periodic sync (the appointments' pipeline is idempotent, and a
 * shared busy cache merges writes by compare-and-set).
 *
 * <pre>{@code
 * MicrosoftSyncScheduler scheduler = MicrosoftSyncScheduler.builder(outlook, webhookHandler)
 *     .subscriptions(subscriptions)
 *     .lease(leases, nodeId)
 *     .build();
 * scheduler.start();
 * ...
 * scheduler.stop();
 * }</pre>
 */
public final class MicrosoftSyncScheduler implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(MicrosoftSyncScheduler.class);

  /**
   * What one round did.
   *
   * @param renewed subscriptions renewed or opened again
   * @param synced mailboxes synced
   * @param skipped mailboxes skipped because their connection needs re-authorization
   * @param failed syncs or renewal rounds that failed
   */
  public record Round(int renewed, int synced, int skipped, int failed) {}

  private record Key(TenantId tenant, ResourceId resource) {}

  /** Consecutive failures of one mailbox, and when the last one happened. */
  private record Failure(int count, Instant at) {}

  private final MicrosoftCalendarProvider provider;
  private final WebhookHandler handler;
  private final GraphNotifications changes;
  private final @Nullable MicrosoftSubscriptions subscriptions;
  private final Clock clock;
  private final Duration pollInterval;
  private final Duration syncInterval;
  private final int maxAttempts;
  private final LeaseHolder lease;
  private final Poller poller;
  private final Set<Key> pending = ConcurrentHashMap.newKeySet();
  private final Map<Key, Failure> failures = new ConcurrentHashMap<>();
  private final Object roundLock = new Object();

  private MicrosoftSyncScheduler(Builder b) {
    this.provider = b.provider;
    this.handler = b.handler;
    this.subscriptions = b.subscriptions;
    this.changes =
        subscriptions != null
            ? subscriptions.notifications()
            : new GraphNotifications(null, provider.changesSecret());
    this.clock = b.clock != null ? b.clock : provider.graph().clock();
    this.pollInterval = b.pollInterval;
    this.syncInterval = b.syncInterval;
    this.maxAttempts = b.maxAttempts;
    LeaseStore leases = b.leases;
    this.lease =
        leases == null
            ? LeaseHolder.none()
            : LeaseHolder.of(
                leases,
                b.owner,
                LeaseHolder.duration(b.leaseDuration, b.pollInterval),
                clock,
                "Microsoft sync");
    this.poller =
        new Poller("cita-microsoft-sync", b.pollInterval, b.stopWait, () -> round(this::isRunning));
    if (subscriptions != null) {
      subscriptions.deferSyncTo(m -> syncNow(m.tenant(), m.resource()));
    }
  }

  /**
   * A scheduler for the mailboxes assigned in {@code provider}'s calendar assignments.
   *
   * @param provider the provider whose mailboxes are followed
   * @param handler the webhook handler that applies changes to Cita's own events; register {@link
   *     MicrosoftSubscriptions#webhooks()} or {@link MicrosoftCalendarProvider#webhooks()} with it
   * @return a builder; every other value has a default
   */
  public static Builder builder(MicrosoftCalendarProvider provider, WebhookHandler handler) {
    return new Builder(Checks.notNull(provider, "provider"), Checks.notNull(handler, "handler"));
  }

  /**
   * Asks for a sync of the resource's mailbox at the next round (a change notification).
   *
   * @param tenant the tenant
   * @param resource the resource
   */
  public void syncNow(TenantId tenant, ResourceId resource) {
    pending.add(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")));
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
   * Stops after the mailbox in flight (waiting at most the stop wait) and gives up the leases this
   * node holds; a stopped scheduler may be started again.
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

  private Round round(BooleanSupplier keepGoing) {
    synchronized (roundLock) {
      return new RoundRun(clock.instant(), keepGoing).run();
    }
  }

  /** The state of one round. */
  private final class RoundRun {
    private final Instant now;
    private final BooleanSupplier keepGoing;
    private final Map<TenantId, Boolean> mine = new HashMap<>();
    private final Map<ConnectionKey, Boolean> usable = new HashMap<>();
    private int renewed;
    private int synced;
    private int skipped;
    private int failed;

    RoundRun(Instant now, BooleanSupplier keepGoing) {
      this.now = now;
      this.keepGoing = keepGoing;
    }

    Round run() {
      renew();
      List<ResourceCalendar> mailboxes = provider.mailboxes();
      Set<Key> assigned = new HashSet<>();
      for (ResourceCalendar m : mailboxes) {
        assigned.add(new Key(m.tenant(), m.resource()));
      }
      pending.retainAll(assigned);
      failures.keySet().retainAll(assigned);
      for (ResourceCalendar m : mailboxes) {
        if (!keepGoing.getAsBoolean()) {
          break;
        }
        syncIfDue(m);
      }
      Round round = new Round(renewed, synced, skipped, failed);
      if (renewed + synced + failed > 0) {
        log.info("Microsoft sync round: {}", round);
      }
      return round;
    }

    private void renew() {
      MicrosoftSubscriptions subs = subscriptions;
      if (subs == null) {
        return;
      }
      try {
        renewed = subs.renewExpiring().size();
      } catch (RuntimeException e) {
        failed++;
        log.warn("could not renew Microsoft subscriptions: {}", e.toString());
      }
    }

    private void syncIfDue(ResourceCalendar m) {
      Key key = new Key(m.tenant(), m.resource());
      boolean asked = pending.contains(key);
      if (!asked && !mine(m.tenant())) {
        return; // another node holds the tenant and syncs it
      }
      Optional<Instant> last = provider.lastSynced(m.tenant(), m.resource());
      boolean due = asked || last.isEmpty() || !last.get().isAfter(now.minus(syncInterval));
      if (!due || waiting(key)) {
        return;
      }
      if (!usable(m.connection())) {
        skipped++;
        pending.remove(key);
        return;
      }
      try {
        provider.sync(m, (mailbox, events) -> changes.apply(handler, mailbox, events));
        synced++;
        pending.remove(key);
        failures.remove(key);
      } catch (RuntimeException e) {
        failed++;
        Failure before = failures.get(key);
        Failure f = new Failure(before == null ? 1 : before.count() + 1, now);
        failures.put(key, f);
        if (e instanceof ReauthorizationRequiredException) {
          usable.put(m.connection(), false);
        }
        if (f.count() >= maxAttempts && pending.remove(key)) {
          log.warn(
              "gave up the sync asked for {}/{} after {} failures; the periodic sync follows: {}",
              m.tenant(),
              m.resource(),
              f.count(),
              e.toString());
        } else {
          log.warn(
              "could not sync {}/{} (failure {}, tried again in {}): {}",
              m.tenant(),
              m.resource(),
              f.count(),
              backoff(f.count()),
              e.toString());
        }
      }
    }

    /** True while a mailbox that failed waits out its backoff. */
    private boolean waiting(Key key) {
      Failure f = failures.get(key);
      return f != null && now.isBefore(f.at().plus(backoff(f.count())));
    }

    /**
     * True when this node does the tenant's periodic work; a lease just taken forgets the tenant's
     * delta links. False, and logged, when the lease store cannot be reached.
     */
    private boolean mine(TenantId tenant) {
      return mine.computeIfAbsent(
          tenant,
          t -> {
            try {
              Hold hold = lease.tryHold("microsoft-sync/" + t.value());
              if (hold == Hold.TAKEN) {
                provider.forgetDeltaLinks(t);
              }
              return hold.mine();
            } catch (RuntimeException e) {
              log.warn("could not take the Microsoft sync lease of tenant {}: {}", t, e.toString());
              return false;
            }
          });
    }

    private boolean usable(ConnectionKey connection) {
      return usable.computeIfAbsent(
          connection,
          c -> {
            ConnectionStatus status = provider.graph().credentials().status(c).status();
            return status != ConnectionStatus.NEEDS_REAUTHORIZATION
                && status != ConnectionStatus.REVOKED;
          });
    }
  }

  /** The wait after {@code failures} failures in a row: the poll interval, doubled, capped. */
  Duration backoff(int failures) {
    Duration wait = pollInterval;
    for (int i = 1; i < failures && wait.compareTo(syncInterval) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(syncInterval) > 0 ? syncInterval : wait;
  }

  /** Collects a {@link MicrosoftSyncScheduler}; every value but the two given has a default. */
  public static final class Builder {
    private final MicrosoftCalendarProvider provider;
    private final WebhookHandler handler;
    private @Nullable MicrosoftSubscriptions subscriptions;
    private @Nullable Clock clock;
    private Duration pollInterval = Duration.ofMinutes(1);
    private Duration syncInterval = Duration.ofMinutes(10);
    private Duration stopWait = Duration.ofSeconds(30);
    private int maxAttempts = 5;
    private @Nullable LeaseStore leases;
    private String owner = "";
    private @Nullable Duration leaseDuration;

    private Builder(MicrosoftCalendarProvider provider, WebhookHandler handler) {
      this.provider = provider;
      this.handler = handler;
    }

    /**
     * The subscriptions to renew, built on the same provider; their notifications then hand the
     * mailboxes to sync to this scheduler. Without them the scheduler only syncs.
     *
     * @param subscriptions the subscriptions
     * @return this builder
     */
    public Builder subscriptions(MicrosoftSubscriptions subscriptions) {
      this.subscriptions = Checks.notNull(subscriptions, "subscriptions");
      return this;
    }

    /**
     * Where time is read; the Graph client's clock if not set.
     *
     * @param clock the clock
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * How long started rounds wait between each other, and the first backoff; default 1 minute.
     *
     * @param pollInterval a positive duration
     * @return this builder
     */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Checks.positive(pollInterval, "pollInterval");
      return this;
    }

    /**
     * Sync a mailbox that has not synced for this long, and wait at most this long after a failure;
     * default 10 minutes.
     *
     * @param syncInterval a positive duration
     * @return this builder
     */
    public Builder syncInterval(Duration syncInterval) {
      this.syncInterval = Checks.positive(syncInterval, "syncInterval");
      return this;
    }

    /**
     * How many failures in a row a sync asked for by a notification is tried; default 5.
     *
     * @param maxAttempts at least 1
     * @return this builder
     */
    public Builder maxAttempts(int maxAttempts) {
      this.maxAttempts = Checks.atLeast(maxAttempts, 1, "maxAttempts");
      return this;
    }

    /**
     * How long {@link MicrosoftSyncScheduler#stop()} waits for the mailbox in flight; default 30 s.
     *
     * @param stopWait zero or more
     * @return this builder
     */
    public Builder stopWait(Duration stopWait) {
      this.stopWait = Checks.notNegative(stopWait, "stopWait");
      return this;
    }

    /**
     * Runs each tenant's periodic syncs only on the node holding its lease (see the class comment);
     * a lease lasts two poll intervals.
     *
     * @param leases the nodes' common lease store
     * @param nodeId this node's id, stable while it runs and unlike any other node's
     * @return this builder
     */
    public Builder lease(LeaseStore leases, String nodeId) {
      return share(leases, nodeId, null);
    }

    /**
     * As {@link #lease(LeaseStore, String)}, each lease lasting {@code duration}, longer than the
     * poll interval.
     *
     * @param leases the nodes' common lease store
     * @param nodeId this node's id
     * @param duration how long a lease lasts without renewal
     * @return this builder
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
     * @throws dev.cita.scheduling.ValidationException ({@code subscriptions}) if they belong to
     *     another provider; ({@code leaseDuration}) if the lease is not longer than the poll
     *     interval
     */
    public MicrosoftSyncScheduler build() {
      if (subscriptions != null && subscriptions.provider() != provider) {
        throw new dev.cita.scheduling.ValidationException(
            "subscriptions", "must be built on the same MicrosoftCalendarProvider");
      }
      if (leases != null) {
        LeaseHolder.duration(leaseDuration, pollInterval);
      }
      return new MicrosoftSyncScheduler(this);
    }
  }
}
