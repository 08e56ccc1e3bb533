package dev.cita.scheduling.sync;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.AvailabilitySource;
import dev.cita.scheduling.spi.BusyTimeStore;
import dev.cita.scheduling.spi.OpenWindows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * A provider's open windows (its bookable slots or hours) per tenant, resource and appointment
 * type, kept in memory so that slot queries read them without a network call, as {@link
 * ExternalBusyCache} does for busy time. Adapters fill it with {@link #replaceWindow} from a
 * background refresher and on a booking's cache miss; {@link #openWindows} answers with what it
 * holds, the parts of the range that were read, and when. Thread-safe.
 *
 * <p>Memory stays bounded: every {@link #replaceWindow} forgets this key's windows that ended more
 * than {@link #RETENTION} before {@code readAt}, and {@link #pruneEndedBefore} does the same for
 * every key (for example from a daily job).
 *
 * <p><b>Shared by several nodes.</b> {@link #shared(BusyTimeStore, String)} keeps the windows in a
 * {@link BusyTimeStore} that every node reads, as {@link ExternalBusyCache#shared} does for busy
 * time (one snapshot per tenant, resource and appointment type; each window keyed by its start):
 * what one node's refresher read, every node answers with, from a per-node copy at most {@code
 * maxStaleness} old.
 */
public final class AvailabilityCache {
  /**
   * How long before a read's {@code readAt} a window must have ended to be forgotten by that read.
   */
  public static final Duration RETENTION = Duration.ofDays(1);

  private record Key(TenantId tenant, ResourceId resource, AppointmentTypeId type) {}

  /**
   * One key's windows by start, the longest of them (to find those reaching into a range), and what
   * was read.
   */
  private static final class Entry {
    final NavigableMap<Instant, TimeInterval> open = new TreeMap<>();
    Duration longest = Duration.ZERO;
    KnownWindows known = KnownWindows.NONE;

    void add(TimeInterval w) {
      open.merge(w.start(), w, (a, b) -> a.end().isAfter(b.end()) ? a : b);
      longest = w.length().compareTo(longest) > 0 ? w.length() : longest;
    }
  }

  /** Windows are kept in the store by their start; the scope is the appointment type. */
  private static final EntryTable.Codec<Key, Entry> CODEC =
      new EntryTable.Codec<>() {
        @Override
        public BusyTimeStore.Key storeKey(String name, Key key) {
          return new BusyTimeStore.Key(name, key.tenant(), key.resource(), key.type().value());
        }

        @Override
        public Entry decode(BusyTimeStore.Snapshot snapshot) {
          Entry e = new Entry();
          snapshot.events().values().forEach(e::add);
          e.known = KnownWindows.of(snapshot.known());
          return e;
        }

        @Override
        public BusyTimeStore.Snapshot encode(Entry entry) {
          Map<String, TimeInterval> byStart = new HashMap<>();
          entry.open.forEach((start, w) -> byStart.put(start.toString(), w));
          return new BusyTimeStore.Snapshot(byStart, entry.known.readSpans(), null, null);
        }
      };

  private final EntryTable<Key, Entry> entries;

  /** A cache in this JVM's memory only. */
  public AvailabilityCache() {
    this.entries = new EntryTable<>(CODEC);
  }

  private AvailabilityCache(BusyTimeStore store, String name, Clock clock, Duration maxStaleness) {
    this.entries = new EntryTable<>(store, name, clock, maxStaleness, CODEC);
  }

  /**
   * A cache kept in {@code store}, shared by every node that uses the same store and name, with a
   * per-node copy at most {@link ExternalBusyCache#DEFAULT_MAX_STALENESS} old, by the system clock.
   *
   * @param store where the windows live
   * @param name this cache's name in the store, one per provider (for example {@code "calcom"});
   *     its keys never meet a busy cache's, whose scope is empty
   * @return the shared cache
   * @throws dev.cita.scheduling.ValidationException if an argument is missing or blank
   */
  public static AvailabilityCache shared(BusyTimeStore store, String name) {
    return shared(store, name, Clock.systemUTC(), ExternalBusyCache.DEFAULT_MAX_STALENESS);
  }

  /**
   * A cache kept in {@code store}, shared by every node that uses the same store and name, whose
   * per-node copy of a key is read again from the store once it is older than {@code maxStaleness}
   * by {@code clock}.
   *
   * @param store where the windows live
   * @param name this cache's name in the store, one per provider
   * @param clock the clock the copies' age is read from
   * @param maxStaleness how old a per-node copy may be; {@link Duration#ZERO} reads the store every
   *     time
   * @return the shared cache
   * @throws dev.cita.scheduling.ValidationException if an argument is missing, blank or negative
   */
  public static AvailabilityCache shared(
      BusyTimeStore store, String name, Clock clock, Duration maxStaleness) {
    return new AvailabilityCache(store, name, clock, maxStaleness);
  }

  /**
   * Replaces what is held within {@code window} by {@code open}, the provider's open windows that
   * overlap it as read at {@code readAt}: held windows overlapping {@code window} are dropped, and
   * {@code window} becomes known (read at {@code readAt}). Windows with the same start keep the
   * longer.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type whose times are read
   * @param window the time that was read in full
   * @param open the open windows found in it
   * @param readAt when the provider was read
   */
  public void replaceWindow(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      TimeInterval window,
      Collection<TimeInterval> open,
      Instant readAt) {
    Checks.notNull(window, "window");
    Checks.notNull(open, "open");
    Checks.notNull(readAt, "readAt");
    List<TimeInterval> copy = new ArrayList<>(open.size());
    open.forEach(w -> copy.add(Checks.notNull(w, "open[]")));
    entries.write(
        key(tenant, resource, type),
        e -> {
          overlapping(e, window).forEach(w -> e.open.remove(w.start()));
          copy.forEach(e::add);
          e.known = e.known.with(window, readAt);
          return prune(e, Retention.cutoff(readAt, RETENTION));
        });
  }

  /**
   * The held windows that overlap {@code range}, the parts of {@code range} that were read, and the
   * oldest of those reads; {@link OpenWindows#unknown()} for a key never read.
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type whose times are read
   * @param range the time asked about
   * @return the open windows within {@code range} and what of it was read
   */
  public OpenWindows openWindows(
      TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
    Checks.notNull(range, "range");
    Entry e = entries.read(key(tenant, resource, type));
    if (e == null) {
      return OpenWindows.unknown();
    }
    synchronized (e) {
      return new OpenWindows(
          overlapping(e, range), e.known.within(range), e.known.oldestRead(range));
    }
  }

  /**
   * Forgets, for every key, the windows that ended at or before {@code cutoff} and the read spans
   * that ended at or before it; returns how many windows were dropped. A {@link #shared shared}
   * cache drops the windows from the store (on one node is enough); the store keeps the read spans
   * of the past until each key's next read forgets them.
   *
   * @param cutoff windows that ended at or before it are forgotten
   * @return how many windows were dropped
   */
  public int pruneEndedBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return entries.prune(cutoff, e -> prune(e, cutoff));
  }

  /**
   * Forgets everything about one key (its event type was unmapped, say).
   *
   * @param tenant the tenant
   * @param resource the resource
   * @param type the appointment type whose times are read
   */
  public void clear(TenantId tenant, ResourceId resource, AppointmentTypeId type) {
    entries.forget(
        key(tenant, resource, type),
        e -> {
          e.open.clear();
          e.longest = Duration.ZERO;
          e.known = KnownWindows.NONE;
          return 0;
        });
  }

  /**
   * This cache as an {@link AvailabilitySource} named {@code id}, for hours the application reads
   * itself: {@code openWindows} answers from the cache, {@code refresh} runs {@code refresh}, which
   * should read the provider and call {@link #replaceWindow}.
   *
   * @param id the source's id
   * @param refresh how the provider is read on a miss
   * @return an availability source answering from this cache
   */
  public AvailabilitySource source(String id, Refresh refresh) {
    Checks.notBlank(id, "id");
    Checks.notNull(refresh, "refresh");
    AvailabilityCache cache = this;
    return new AvailabilitySource() {
      @Override
      public String id() {
        return id;
      }

      @Override
      public OpenWindows openWindows(
          TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
        return cache.openWindows(tenant, resource, type, range);
      }

      @Override
      public void refresh(
          TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range) {
        refresh.refresh(tenant, resource, type, range);
      }

      @Override
      public String toString() {
        return "AvailabilityCache.source(" + id + ")";
      }
    };
  }

  /** How an application reads one key's open windows from its provider into the cache. */
  @FunctionalInterface
  public interface Refresh {
    /**
     * Reads the provider for at least {@code range} and calls {@link #replaceWindow}.
     *
     * @param tenant the tenant
     * @param resource the resource
     * @param type the appointment type whose times are read
     * @param range the time to read
     */
    void refresh(TenantId tenant, ResourceId resource, AppointmentTypeId type, TimeInterval range);
  }

  /** The held windows overlapping {@code range}, sorted; the caller holds {@code e}'s lock. */
  private static List<TimeInterval> overlapping(Entry e, TimeInterval range) {
    Instant from =
        range.start().isBefore(Instant.MIN.plus(e.longest))
            ? Instant.MIN
            : range.start().minus(e.longest);
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval w : e.open.subMap(from, true, range.end(), false).values()) {
      if (w.overlaps(range)) {
        out.add(w);
      }
    }
    return out;
  }

  /** Drops what ended at or before {@code cutoff}; the caller holds {@code e}'s lock. */
  private static int prune(Entry e, Instant cutoff) {
    int before = e.open.size();
    e.open.values().removeIf(w -> !w.end().isAfter(cutoff));
    e.known = e.known.endedAfter(cutoff);
    return before - e.open.size();
  }

  private static Key key(TenantId tenant, ResourceId resource, AppointmentTypeId type) {
    return new Key(
        Checks.notNull(tenant, "tenant"),
        Checks.notNull(resource, "resource"),
        Checks.notNull(type, "type"));
  }

  @Override
  public String toString() {
    return "AvailabilityCache{" + entries.size() + " keys}";
  }
}
