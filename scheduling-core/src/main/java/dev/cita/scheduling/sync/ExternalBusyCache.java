package dev.cita.scheduling.sync;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusySource;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * Busy time of connected calendars, kept in memory per tenant and resource so that {@code
 * CalendarProvider.busy} answers slot queries without a network call. Adapters fill it from their
 * sync (a full read of a window with {@link #replaceWindow}, then single events from push
 * notifications or webhooks with {@link #put} and {@link #remove}). Each busy interval is keyed by
 * the provider's event id, so a moved or cancelled event replaces or removes its old time.
 * Thread-safe.
 *
 * <p>Adapters leave out events that carry one of Cita's own appointment ids: those are already busy
 * as appointments, and counting them twice would block moving an appointment within its own time.
 *
 * <p>Two optional facts let an adapter refuse to read unknown time as free:
 *
 * <ul>
 *   <li><b>Known windows.</b> Every {@link #replaceWindow} records its window as known (windows add
 *       up), and {@link #replaceAll} (a complete read of the calendar) makes all time known. {@link
 *       #isKnown} says whether a range lies wholly inside what was read; {@link #put} and {@link
 *       #remove} do not change it. {@link #busy} itself still answers for any range.
 *   <li><b>Unavailable.</b> {@link #markUnavailable} records that the provider could not report a
 *       resource's calendar (deleted, no access, ...); {@link #unavailable} returns the reason
 *       until the next successful {@link #replaceWindow} or {@link #replaceAll} clears it.
 * </ul>
 *
 * <p>Memory stays bounded in a long-running app: past time is never booked, so every {@link
 * #replaceWindow} and {@link #replaceAll} forgets this resource's events that ended more than
 * {@link #RETENTION} before {@code readAt}, and {@link #pruneEndedBefore} does the same for every
 * resource (for example from a daily job, for resources that are no longer read). {@link #busy}
 * over time before that cutoff is therefore incomplete.
 *
 * <p><b>Shared by several nodes.</b> {@code new ExternalBusyCache()} lives in this JVM only. {@link
 * #shared(BusyTimeStore, String)} keeps the busy time in a {@link BusyTimeStore} that every node
 * reads (the JDBC module's store in production): every change is written to the store at once (a
 * compare-and-set, retried a few times against concurrent writers), and reads answer from a
 * per-node copy that is read again from the store once it is older than {@code maxStaleness}, so a
 * push handled by one node is seen by the others within that time, and a node that just started
 * answers with what the others read. Reads never call a provider.
 */
public final class ExternalBusyCache {
  private record Key(TenantId tenant, ResourceId resource) {}

  /** One resource's busy events, when they were last read in full, what was read, and errors. */
  private static final class Entry {
    final Map<String, TimeInterval> events = new HashMap<>();
    @Nullable Instant refreshedAt;

    /** The windows that were read in full. */
    KnownWindows known = KnownWindows.NONE;

    @Nullable String unavailable;

    /** This entry as a store snapshot. */
    BusyTimeStore.Snapshot snapshot() {
      return new BusyTimeStore.Snapshot(events, known.readSpans(), refreshedAt, unavailable);
    }

    static Entry of(BusyTimeStore.Snapshot s) {
      Entry e = new Entry();
      e.events.putAll(s.events());
      e.refreshedAt = s.refreshedAt();
      e.known = KnownWindows.of(s.known());
      e.unavailable = s.unavailable();
      return e;
    }
  }

  /** How entries and store snapshots map onto each other. */
  private static final EntryTable.Codec<Key, Entry> CODEC =
      new EntryTable.Codec<>() {
        @Override
        public BusyTimeStore.Key storeKey(String name, Key key) {
          return new BusyTimeStore.Key(name, key.tenant(), key.resource());
        }

        @Override
        public Entry decode(BusyTimeStore.Snapshot snapshot) {
          return Entry.of(snapshot);
        }

        @Override
        public BusyTimeStore.Snapshot encode(Entry entry) {
          return entry.snapshot();
        }
      };

  /** A shared cache's default staleness: what another node wrote is seen within this. */
  public static final Duration DEFAULT_MAX_STALENESS = Duration.ofMillis(500);

  /**
   * How long before a full read's {@code readAt} an event must have ended to be forgotten by that
   * read: a day, so that buffers reaching before "now" and small clock differences still see it.
   */
  public static final Duration RETENTION = Duration.ofDays(1);

  private final EntryTable<Key, Entry> entries;

  /** A cache in this JVM's memory only. */
  public ExternalBusyCache() {
    this.entries = new EntryTable<>(CODEC);
  }

  private ExternalBusyCache(BusyTimeStore store, String name, Clock clock, Duration maxStaleness) {
    this.entries = new EntryTable<>(store, name, clock, maxStaleness, CODEC);
  }

  /**
   * A cache kept in {@code store}, shared by every node that uses the same store and name, with a
   * per-node copy at most {@link #DEFAULT_MAX_STALENESS} old, by the system clock.
   *
   * @param store where the busy time lives
   * @param name this cache's name in the store, one per provider (for example {@code "google"})
   * @return the shared cache
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or blank
   */
  public static ExternalBusyCache shared(BusyTimeStore store, String name) {
    return shared(store, name, Clock.systemUTC(), DEFAULT_MAX_STALENESS);
  }

  /**
   * A cache kept in {@code store}, shared by every node that uses the same store and name, whose
   * per-node copy of a resource is read again from the store once it is older than {@code
   * maxStaleness} by {@code clock}.
   *
   * @param store where the busy time lives
   * @param name this cache's name in the store, one per provider (for example {@code "google"})
   * @param clock the clock the copies' age is read from
   * @param maxStaleness how old a per-node copy may be; {@link Duration#ZERO} reads the store every
   *     time
   * @return the shared cache
   * @throws dev.cita.scheduling.ValidationException if an argument is missing, blank or negative
   */
  public static ExternalBusyCache shared(
      BusyTimeStore store, String name, Clock clock, Duration maxStaleness) {
    return new ExternalBusyCache(store, name, clock, maxStaleness);
  }

  /**
   * Replaces everything known within {@code window} by {@code busy} (event id → time), as read from
   * the provider at {@code readAt}: events in the window that are not in {@code busy} are gone;
   * events outside it are kept. The window becomes known (see {@link #isKnown}) and a mark of
   * {@link #markUnavailable} is cleared.
   *
   * @param tenant the tenant
   * @param resource the resource whose calendar was read
   * @param window the span that was read in full
   * @param busy the busy time read, keyed by the provider's event id
   * @param readAt when it was read, by the adapter's clock
   */
  public void replaceWindow(
      TenantId tenant,
      ResourceId resource,
      TimeInterval window,
      Map<String, TimeInterval> busy,
      Instant readAt) {
    Checks.notNull(window, "window");
    Checks.notNull(busy, "busy");
    Checks.notNull(readAt, "readAt");
    Map<String, TimeInterval> copy = checkedCopy(busy);
    write(
        tenant,
        resource,
        e -> {
          e.events.values().removeIf(window::overlaps);
          e.events.putAll(copy);
          e.refreshedAt = readAt;
          e.known = e.known.with(window, readAt);
          e.unavailable = null;
          return prune(e, Retention.cutoff(readAt, RETENTION));
        });
  }

  private static Map<String, TimeInterval> checkedCopy(Map<String, TimeInterval> busy) {
    Map<String, TimeInterval> copy = new HashMap<>();
    busy.forEach(
        (id, interval) ->
            copy.put(
                Checks.notBlank(id, "busy.eventId"), Checks.notNull(interval, "busy.interval")));
    return copy;
  }

  /**
   * Replaces all of this resource's events by {@code busy} (event id → time): a complete read of
   * its calendar at {@code readAt}, such as a provider's full sync. All time becomes known and a
   * mark of {@link #markUnavailable} is cleared.
   *
   * @param tenant the tenant
   * @param resource the resource whose calendar was read
   * @param busy all its busy time, keyed by the provider's event id
   * @param readAt when it was read, by the adapter's clock
   */
  public void replaceAll(
      TenantId tenant, ResourceId resource, Map<String, TimeInterval> busy, Instant readAt) {
    Checks.notNull(busy, "busy");
    Checks.notNull(readAt, "readAt");
    Map<String, TimeInterval> copy = checkedCopy(busy);
    write(
        tenant,
        resource,
        e -> {
          e.events.clear();
          e.events.putAll(copy);
          e.refreshedAt = readAt;
          e.known = KnownWindows.all(readAt);
          e.unavailable = null;
          return prune(e, Retention.cutoff(readAt, RETENTION));
        });
  }

  /**
   * Forgets, for every tenant and resource, the events that ended at or before {@code cutoff} and
   * the known windows that ended at or before it (a window reaching past it is kept whole). Call it
   * now and then with a time in the past, such as a day ago. A {@link #shared shared} cache drops
   * the events from the store (on one node is enough); the store keeps the known windows of the
   * past until each resource's next full read forgets them (they only say that past time was read).
   *
   * @param cutoff the end at or before which events are forgotten
   * @return how many events were dropped
   */
  public int pruneEndedBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return entries.prune(cutoff, e -> prune(e, cutoff));
  }

  /** Drops what ended at or before {@code cutoff}; the caller holds {@code e}'s lock. */
  private static int prune(Entry e, Instant cutoff) {
    int before = e.events.size();
    e.events.values().removeIf(t -> !t.end().isAfter(cutoff));
    e.known = e.known.endedAfter(cutoff);
    return before - e.events.size();
  }

  /**
   * True when {@code range} lies wholly inside what {@link #replaceWindow} and {@link #replaceAll}
   * read for this resource, so that {@link #busy} over it is the provider's answer rather than a
   * gap. False for a resource never read.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param range the span a caller is about to read busy time for
   * @return whether the range was read in full
   */
  public boolean isKnown(TenantId tenant, ResourceId resource, TimeInterval range) {
    Checks.notNull(range, "range");
    Entry e = read(tenant, resource);
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return e.known.covers(range);
    }
  }

  /**
   * The windows read in full for this resource, sorted and merged (touching ones joined); after
   * {@link #replaceAll}, one window from {@link Instant#MIN} to {@link Instant#MAX}.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return the windows; empty for a resource never read
   */
  public List<TimeInterval> knownWindows(TenantId tenant, ResourceId resource) {
    Entry e = read(tenant, resource);
    if (e == null) {
      return List.of();
    }
    synchronized (e) {
      return e.known.spans();
    }
  }

  /**
   * Records that the provider could not report this resource's calendar, with its reason (a
   * provider error code such as {@code notFound}; never a secret). Events and known windows stay as
   * they were; {@link #unavailable} returns the reason until the next successful {@link
   * #replaceWindow} or {@link #replaceAll}. A later mark replaces the reason.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param reason why its calendar could not be read
   */
  public void markUnavailable(TenantId tenant, ResourceId resource, String reason) {
    Checks.notBlank(reason, "reason");
    write(
        tenant,
        resource,
        e -> {
          e.unavailable = reason;
          return 0;
        });
  }

  /**
   * Why the provider could not report this resource's calendar.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return the reason, or empty if it was not marked so or was read since
   */
  public Optional<String> unavailable(TenantId tenant, ResourceId resource) {
    Entry e = read(tenant, resource);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.unavailable);
    }
  }

  /**
   * Records or moves one external event.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param eventId the provider's event id
   * @param busy the event's time; replaces any earlier time of the same event
   */
  public void put(TenantId tenant, ResourceId resource, String eventId, TimeInterval busy) {
    Checks.notBlank(eventId, "eventId");
    Checks.notNull(busy, "busy");
    write(
        tenant,
        resource,
        e -> {
          e.events.put(eventId, busy);
          return 0;
        });
  }

  /**
   * Forgets one external event (it was cancelled or deleted).
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param eventId the provider's event id
   * @return true if it was known
   */
  public boolean remove(TenantId tenant, ResourceId resource, String eventId) {
    Checks.notBlank(eventId, "eventId");
    Entry seen = read(tenant, resource);
    if (seen == null) {
      return false;
    }
    return write(tenant, resource, e -> e.events.remove(eventId) != null ? 1 : 0) > 0;
  }

  /**
   * The busy intervals of this resource that overlap {@code range}, in no particular order.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param range the span asked about
   * @return the intervals; empty if none or the resource was never read
   */
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    Checks.notNull(range, "range");
    Entry e = read(tenant, resource);
    if (e == null) {
      return List.of();
    }
    List<TimeInterval> out = new ArrayList<>();
    synchronized (e) {
      for (TimeInterval t : e.events.values()) {
        if (t.overlaps(range)) {
          out.add(t);
        }
      }
    }
    return out;
  }

  /**
   * When this resource's busy time was last read in full, if ever.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @return the {@code readAt} of the last full read, or empty if never
   */
  public Optional<Instant> refreshedAt(TenantId tenant, ResourceId resource) {
    Entry e = read(tenant, resource);
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.refreshedAt);
    }
  }

  /**
   * Forgets everything about one resource (its calendar was disconnected): events, when it was
   * read, known windows and any unavailable mark.
   *
   * @param tenant the tenant
   * @param resource the resource
   */
  public void clear(TenantId tenant, ResourceId resource) {
    entries.forget(
        key(tenant, resource),
        e -> {
          e.events.clear();
          e.refreshedAt = null;
          e.known = KnownWindows.NONE;
          e.unavailable = null;
          return 0;
        });
  }

  private static Key key(TenantId tenant, ResourceId resource) {
    return new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"));
  }

  private int write(TenantId tenant, ResourceId resource, ToIntFunction<Entry> change) {
    return entries.write(key(tenant, resource), change);
  }

  private @Nullable Entry read(TenantId tenant, ResourceId resource) {
    return entries.read(key(tenant, resource));
  }

  /**
   * This cache seen as a read-only {@link BusySource} named {@code id}: for a calendar the app
   * reads itself (an ICS feed, another system's bookings) and fills in with {@link #replaceWindow}.
   * It covers every resource and answers {@link #busy}.
   *
   * @param id the source's name, not blank
   * @return a read-only view of this cache
   */
  public BusySource source(String id) {
    Checks.notBlank(id, "id");
    ExternalBusyCache cache = this;
    return new BusySource() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
        return cache.busy(tenant, resource, range);
      }

      @Override
      public String toString() {
        return "ExternalBusyCache.source(" + id + ")";
      }
    };
  }
}
