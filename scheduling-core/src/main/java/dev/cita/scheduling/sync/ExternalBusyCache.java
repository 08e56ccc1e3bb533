package dev.cita.scheduling.sync;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Busy time of connected calendars, kept in memory per tenant and resource so that
 * {@code CalendarProvider.busy} answers slot queries without a network call. Adapters fill it from
 * their sync (a full read of a window with {@link #replaceWindow}, then single events from push
 * notifications or webhooks with {@link #put} and {@link #remove}). Each busy interval is keyed by
 * the provider's event id, so a moved or cancelled event replaces or removes its old time.
 * Thread-safe.
 *
 * <p>Adapters leave out events that carry one of Cita's own appointment ids: those are already
 * busy as appointments, and counting them twice would block moving an appointment within its own
 * time.
 */
public final class ExternalBusyCache {
  private record Key(TenantId tenant, ResourceId resource) {}

  /** One resource's busy events and when they were last read in full. */
  private static final class Entry {
    final Map<String, TimeInterval> events = new HashMap<>();
    Instant refreshedAt;
  }

  private final Map<Key, Entry> entries = new ConcurrentHashMap<>();

  /**
   * Replaces everything known within {@code window} by {@code busy} (event id → time), as read
   * from the provider at {@code readAt}: events in the window that are not in {@code busy} are
   * gone; events outside it are kept.
   */
  public void replaceWindow(TenantId tenant, ResourceId resource, TimeInterval window,
      Map<String, TimeInterval> busy, Instant readAt) {
    Checks.notNull(window, "window");
    Checks.notNull(busy, "busy");
    Checks.notNull(readAt, "readAt");
    Entry e = entry(tenant, resource);
    synchronized (e) {
      e.events.values().removeIf(window::overlaps);
      busy.forEach((id, interval) -> e.events.put(Checks.notBlank(id, "busy.eventId"),
          Checks.notNull(interval, "busy.interval")));
      e.refreshedAt = readAt;
    }
  }

  /** Records or moves one external event. */
  public void put(TenantId tenant, ResourceId resource, String eventId, TimeInterval busy) {
    Checks.notBlank(eventId, "eventId");
    Checks.notNull(busy, "busy");
    Entry e = entry(tenant, resource);
    synchronized (e) {
      e.events.put(eventId, busy);
    }
  }

  /** Forgets one external event (it was cancelled or deleted); true if it was known. */
  public boolean remove(TenantId tenant, ResourceId resource, String eventId) {
    Checks.notBlank(eventId, "eventId");
    Entry e = entries.get(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")));
    if (e == null) {
      return false;
    }
    synchronized (e) {
      return e.events.remove(eventId) != null;
    }
  }

  /** The busy intervals of this resource that overlap {@code range}, in no particular order. */
  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
    Checks.notNull(range, "range");
    Entry e = entries.get(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")));
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

  /** When this resource's busy time was last read in full, if ever. */
  public Optional<Instant> refreshedAt(TenantId tenant, ResourceId resource) {
    Entry e = entries.get(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")));
    if (e == null) {
      return Optional.empty();
    }
    synchronized (e) {
      return Optional.ofNullable(e.refreshedAt);
    }
  }

  /** Forgets everything about one resource (its calendar was disconnected). */
  public void clear(TenantId tenant, ResourceId resource) {
    entries.remove(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")));
  }

  private Entry entry(TenantId tenant, ResourceId resource) {
    return entries.computeIfAbsent(new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")),
        k -> new Entry());
  }
}
