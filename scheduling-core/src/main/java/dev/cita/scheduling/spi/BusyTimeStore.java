package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where provider busy time (and a provider's open windows) lives when several application nodes
 * share it: one {@link Snapshot} per source, tenant, resource and scope, written with a
 * compare-and-set on its version so that two nodes never overwrite each other's change. A shared
 * {@code ExternalBusyCache} (see {@code ExternalBusyCache.shared}) keeps the rules (what a full
 * read replaces, what is known, what is pruned) and reads the store through a per-node cache with a
 * bounded staleness; a shared {@code AvailabilityCache} keeps open windows the same way (keyed by
 * their start, in a scope per appointment type). The store only keeps what it is given.
 * Implementations: {@code dev.cita.scheduling.memory.InMemoryBusyTimeStore} and the JDBC module's
 * {@code JdbcBusyTimeStore}. Thread-safe.
 */
public interface BusyTimeStore {
  /**
   * Whose time a snapshot holds.
   *
   * @param source the cache's name, one per provider (for example {@code "google"})
   * @param tenant the tenant
   * @param resource the resource whose calendar was read
   * @param scope which of the resource's times: empty for busy time, an appointment type's id for a
   *     provider's open windows of that type
   */
  record Key(String source, TenantId tenant, ResourceId resource, String scope) {
    /**
     * Checks the parts.
     *
     * @param source not blank
     * @param tenant not null
     * @param resource not null
     * @param scope not null, may be empty
     * @throws dev.cita.scheduling.ValidationException naming a missing part
     */
    public Key {
      Checks.notBlank(source, "source");
      Checks.notNull(tenant, "tenant");
      Checks.notNull(resource, "resource");
      Checks.notNull(scope, "scope");
    }

    /**
     * The key of a resource's busy time (empty scope).
     *
     * @param source the cache's name
     * @param tenant the tenant
     * @param resource the resource
     */
    public Key(String source, TenantId tenant, ResourceId resource) {
      this(source, tenant, resource, "");
    }
  }

  /**
   * A part of time that was read in full, and when.
   *
   * @param span the time read; may reach {@link Instant#MIN} and {@link Instant#MAX} after a
   *     complete read of a calendar
   * @param readAt when it was read
   */
  record ReadSpan(TimeInterval span, Instant readAt) {
    /**
     * Checks the parts.
     *
     * @param span not null
     * @param readAt not null
     */
    public ReadSpan {
      Checks.notNull(span, "span");
      Checks.notNull(readAt, "readAt");
    }
  }

  /**
   * One resource's busy time as a cache holds it.
   *
   * @param events busy time by the provider's event id
   * @param known the parts of time read in full, sorted by start and disjoint
   * @param refreshedAt when the last full read happened, if ever
   * @param unavailable why the provider could not report the calendar, if it could not
   */
  record Snapshot(
      Map<String, TimeInterval> events,
      List<ReadSpan> known,
      @Nullable Instant refreshedAt,
      @Nullable String unavailable) {
    /** Nothing read, nothing known. */
    public static final Snapshot EMPTY = new Snapshot(Map.of(), List.of(), null, null);

    /**
     * Copies the collections.
     *
     * @param events busy time by event id
     * @param known the parts read in full
     * @param refreshedAt when last read in full, or null
     * @param unavailable why the calendar could not be read, or null
     */
    public Snapshot {
      events = Map.copyOf(Checks.notNull(events, "events"));
      known = List.copyOf(Checks.notNull(known, "known"));
    }
  }

  /**
   * A snapshot with the version it was stored under.
   *
   * @param snapshot the snapshot
   * @param version its version: 1 after the first write, one more after each later write
   */
  record Versioned(Snapshot snapshot, long version) {
    /**
     * Checks the parts.
     *
     * @param snapshot not null
     * @param version at least 1
     */
    public Versioned {
      Checks.notNull(snapshot, "snapshot");
      if (version < 1) {
        throw new ValidationException("version", "must be at least 1, was " + version);
      }
    }
  }

  /**
   * Reads one resource's busy time.
   *
   * @param key whose
   * @return the last snapshot written with its version, or empty if none ever was
   */
  Optional<Versioned> load(Key key);

  /**
   * Writes {@code next} if the stored version is still {@code expectedVersion} (0: nothing stored
   * yet), as one atomic change; the stored version becomes {@code expectedVersion + 1}.
   *
   * @param key whose
   * @param expectedVersion the version {@code next} was computed from, 0 for none
   * @param next the new snapshot
   * @return true if written, false (and nothing written) if another write came first
   */
  boolean compareAndSet(Key key, long expectedVersion, Snapshot next);

  /**
   * Forgets, for every tenant and resource of {@code source}, the events that ended at or before
   * {@code cutoff}, without changing versions.
   *
   * @param source the cache's name
   * @param cutoff events that ended at or before it are dropped
   * @return how many events were dropped
   */
  int pruneEndedBefore(String source, Instant cutoff);
}
