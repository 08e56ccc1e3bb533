package dev.cita.scheduling.google.internal;

import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Busy time per (tenant, resource), answered from memory. Two sources, the better one wins:
 * <ol>
 *   <li>Sync: every busy event of the calendar that is not one of Cita's own appointments, kept
 *       complete by full and incremental sync. Once a resource has synced, this is the answer.</li>
 *   <li>A free/busy snapshot of one time range, until the first sync. Free/busy cannot tell Cita's
 *       own events apart, so they show as busy too; and a calendar Google reported an error for
 *       fails loudly instead of looking free.</li>
 * </ol>
 * A resource with neither, or queried outside its snapshot, fails with a retryable
 * {@link ProviderException} rather than reading as free.
 */
public final class BusyCache {
  private record Key(TenantId tenant, ResourceId resource) {}

  /** Busy events found by sync, by event id; immutable snapshot replaced as a whole. */
  public record Synced(String calendarId, Map<String, TimeInterval> events, String syncToken) {
    public Synced {
      events = Map.copyOf(events);
    }
  }

  private record Snapshot(String calendarId, TimeInterval covered, List<TimeInterval> busy, String error) {}

  private final Map<Key, Synced> synced = new ConcurrentHashMap<>();
  private final Map<Key, Snapshot> snapshots = new ConcurrentHashMap<>();

  public List<TimeInterval> busy(TenantId tenant, ResourceId resource, String calendarId, TimeInterval range) {
    Key key = new Key(tenant, resource);
    Synced s = synced.get(key);
    if (s != null && s.calendarId().equals(calendarId)) {
      return overlapping(s.events().values(), range);
    }
    Snapshot snap = snapshots.get(key);
    if (snap == null || !snap.calendarId().equals(calendarId)) {
      throw unknown(tenant, resource, "no busy time is known yet: run sync or refreshBusy first");
    }
    if (snap.error() != null) {
      throw new ProviderException(GoogleCalls.PROVIDER, 0, snap.error(), null, true,
          "Google reported an error for the calendar of " + tenant + "/" + resource + " in the last free/busy query", null);
    }
    if (range.start().isBefore(snap.covered().start()) || range.end().isAfter(snap.covered().end())) {
      throw unknown(tenant, resource, "busy time is known only for " + snap.covered().start() + ".."
          + snap.covered().end() + ", not for " + range.start() + ".." + range.end());
    }
    return overlapping(snap.busy(), range);
  }

  private static ProviderException unknown(TenantId tenant, ResourceId resource, String why) {
    return new ProviderException(GoogleCalls.PROVIDER, 0, "busyUnknown", null, true,
        "busy time of " + tenant + "/" + resource + " is unknown: " + why, null);
  }

  private static List<TimeInterval> overlapping(Iterable<TimeInterval> intervals, TimeInterval range) {
    List<TimeInterval> out = new ArrayList<>();
    for (TimeInterval i : intervals) {
      if (i.overlaps(range)) {
        out.add(i);
      }
    }
    return out;
  }

  public void putSnapshot(TenantId tenant, ResourceId resource, String calendarId, TimeInterval covered,
      List<TimeInterval> busy) {
    snapshots.put(new Key(tenant, resource), new Snapshot(calendarId, covered, List.copyOf(busy), null));
  }

  public void putSnapshotError(TenantId tenant, ResourceId resource, String calendarId, TimeInterval covered,
      String reason) {
    snapshots.put(new Key(tenant, resource), new Snapshot(calendarId, covered, List.of(), reason));
  }

  public Optional<Synced> synced(TenantId tenant, ResourceId resource) {
    return Optional.ofNullable(synced.get(new Key(tenant, resource)));
  }

  public void putSynced(TenantId tenant, ResourceId resource, Synced state) {
    synced.put(new Key(tenant, resource), state);
  }

  /** Forgets what sync found (the next sync is a full one) and any snapshot. */
  public void forget(TenantId tenant, ResourceId resource) {
    synced.remove(new Key(tenant, resource));
    snapshots.remove(new Key(tenant, resource));
  }

  /** A mutable working copy of the synced events, for applying one sync's changes. */
  public static Map<String, TimeInterval> workingCopy(Optional<Synced> base) {
    return base.map(s -> new HashMap<>(s.events())).orElseGet(HashMap::new);
  }

}
