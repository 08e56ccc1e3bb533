package dev.cita.scheduling.sync;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entries of a provider cache ({@link ExternalBusyCache}, {@link AvailabilityCache}) by key: in
 * this JVM's memory only, or kept in a {@link BusyTimeStore} that several nodes share, with a
 * per-node copy of each entry read again once it is older than a staleness bound. Entries are
 * mutable and guarded by their own lock; a shared entry is changed on a fresh copy of the store's
 * snapshot, written back with a compare-and-set (tried again against concurrent writers up to
 * {@link #MAX_WRITE_ATTEMPTS} times), and then becomes the node's copy.
 *
 * @param <K> the cache's key
 * @param <E> the cache's entry
 */
final class EntryTable<K, E> {
  private static final Logger log = LoggerFactory.getLogger(EntryTable.class);

  /** How often a shared write is tried against concurrent writers before it gives up. */
  static final int MAX_WRITE_ATTEMPTS = 10;

  /** How an entry becomes a store snapshot and back. */
  interface Codec<K, E> {
    /** The entry's key in the store. */
    BusyTimeStore.Key storeKey(String name, K key);

    /** A new entry holding {@code snapshot} ({@link BusyTimeStore.Snapshot#EMPTY}: a new one). */
    E decode(BusyTimeStore.Snapshot snapshot);

    /** What the store keeps of {@code entry}. */
    BusyTimeStore.Snapshot encode(E entry);
  }

  /** A node's copy of a shared entry: the store version it is, and when it was read. */
  private record Copy<E>(E entry, long version, Instant loadedAt) {}

  private final Map<K, E> local = new ConcurrentHashMap<>();
  private final Map<K, Copy<E>> copies = new ConcurrentHashMap<>();
  private final @Nullable BusyTimeStore store;
  private final String name;
  private final Clock clock;
  private final Duration maxStaleness;
  private final Codec<K, E> codec;

  /** A table in memory only. */
  EntryTable(Codec<K, E> codec) {
    this.store = null;
    this.name = "local";
    this.clock = Clock.systemUTC();
    this.maxStaleness = Duration.ZERO;
    this.codec = codec;
  }

  /** A table kept in {@code store} under {@code name}. */
  EntryTable(
      BusyTimeStore store, String name, Clock clock, Duration maxStaleness, Codec<K, E> codec) {
    this.store = Checks.notNull(store, "store");
    this.name = Checks.notBlank(name, "name");
    this.clock = Checks.notNull(clock, "clock");
    this.maxStaleness = Checks.notNegative(maxStaleness, "maxStaleness");
    this.codec = codec;
  }

  /** True when kept in a store. */
  boolean isShared() {
    return store != null;
  }

  /** The name in the store ("local" in memory). */
  String name() {
    return name;
  }

  /**
   * Applies {@code change} to the entry of {@code key} (created empty if absent), under its lock in
   * memory or to a fresh copy of the store's snapshot written back; returns what it returned.
   *
   * @throws ConcurrentUpdateException if other writers won {@link #MAX_WRITE_ATTEMPTS} times
   */
  int write(K key, ToIntFunction<E> change) {
    BusyTimeStore shared = store;
    if (shared == null) {
      E e = local.computeIfAbsent(key, k -> codec.decode(BusyTimeStore.Snapshot.EMPTY));
      synchronized (e) {
        return change.applyAsInt(e);
      }
    }
    BusyTimeStore.Key storeKey = codec.storeKey(name, key);
    for (int attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
      Optional<BusyTimeStore.Versioned> current = shared.load(storeKey);
      long version = current.map(BusyTimeStore.Versioned::version).orElse(0L);
      E e =
          codec.decode(
              current.map(BusyTimeStore.Versioned::snapshot).orElse(BusyTimeStore.Snapshot.EMPTY));
      int result = change.applyAsInt(e);
      if (shared.compareAndSet(storeKey, version, codec.encode(e))) {
        install(key, e, version + 1);
        return result;
      }
    }
    throw new ConcurrentUpdateException(
        storeKey
            + " was changed by other writers "
            + MAX_WRITE_ATTEMPTS
            + " times in a row; nothing was written, try again");
  }

  /**
   * The entry of {@code key} to read under its lock, or null if none: in memory as it is; shared,
   * the node's copy while younger than the staleness bound, else read again from the store (if the
   * store fails, the old copy, or the failure when there is none).
   */
  @Nullable E read(K key) {
    BusyTimeStore shared = store;
    if (shared == null) {
      return local.get(key);
    }
    Copy<E> copy = copies.get(key);
    Instant now = clock.instant();
    if (copy != null && now.isBefore(copy.loadedAt().plus(maxStaleness))) {
      return copy.entry();
    }
    Optional<BusyTimeStore.Versioned> stored;
    try {
      stored = shared.load(codec.storeKey(name, key));
    } catch (RuntimeException failure) {
      if (copy == null) {
        throw failure;
      }
      log.warn(
          "{} in {}: the store could not be read; answering from a copy read at {}: {}",
          key,
          name,
          copy.loadedAt(),
          failure.toString());
      return copy.entry();
    }
    if (stored.isEmpty()) {
      copies.remove(key);
      return null;
    }
    return install(key, codec.decode(stored.get().snapshot()), stored.get().version());
  }

  /** Makes {@code e} this node's copy unless a newer version is already installed. */
  private E install(K key, E e, long version) {
    Copy<E> mine = new Copy<>(e, version, clock.instant());
    return copies
        .merge(key, mine, (old, neu) -> neu.version() >= old.version() ? neu : old)
        .entry();
  }

  /** Forgets {@code key}: removed in memory; shared, {@code reset} written to the store. */
  void forget(K key, ToIntFunction<E> reset) {
    if (store == null) {
      local.remove(key);
    } else {
      write(key, reset);
    }
  }

  /**
   * Runs {@code prune} on every entry held here under its lock and, shared, drops the store's
   * events that ended at or before {@code cutoff}; returns what was dropped (from the store when
   * shared).
   */
  int prune(Instant cutoff, ToIntFunction<E> prune) {
    int here =
        Retention.pruneEach(
            store == null ? local.values() : copies.values().stream().map(Copy::entry).toList(),
            prune);
    BusyTimeStore shared = store;
    return shared == null ? here : shared.pruneEndedBefore(name, cutoff);
  }

  /** How many entries this node holds. */
  int size() {
    return store == null ? local.size() : copies.size();
  }
}
