package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.BusyTimeStore;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link BusyTimeStore} in memory: shared by the caches of one JVM only, so useful
 * for tests and single-node applications.
 */
public final class InMemoryBusyTimeStore implements BusyTimeStore {
  private final Map<Key, Versioned> snapshots = new ConcurrentHashMap<>();

  @Override
  public Optional<Versioned> load(Key key) {
    return Optional.ofNullable(snapshots.get(Checks.notNull(key, "key")));
  }

  @Override
  public boolean compareAndSet(Key key, long expectedVersion, Snapshot next) {
    Checks.notNull(key, "key");
    Checks.notNull(next, "next");
    boolean[] written = {false};
    snapshots.compute(
        key,
        (k, current) -> {
          long version = current == null ? 0 : current.version();
          if (version != expectedVersion) {
            return current;
          }
          written[0] = true;
          return new Versioned(next, version + 1);
        });
    return written[0];
  }

  @Override
  public int pruneEndedBefore(String source, Instant cutoff) {
    Checks.notBlank(source, "source");
    Checks.notNull(cutoff, "cutoff");
    int[] dropped = {0};
    for (Key key : snapshots.keySet()) {
      if (!key.source().equals(source)) {
        continue;
      }
      snapshots.computeIfPresent(
          key,
          (k, v) -> {
            Map<String, TimeInterval> kept = new HashMap<>(v.snapshot().events());
            if (!kept.values().removeIf(t -> !t.end().isAfter(cutoff))) {
              return v;
            }
            dropped[0] += v.snapshot().events().size() - kept.size();
            Snapshot s = v.snapshot();
            return new Versioned(
                new Snapshot(kept, s.known(), s.refreshedAt(), s.unavailable()), v.version());
          });
    }
    return dropped[0];
  }

  @Override
  public String toString() {
    return "InMemoryBusyTimeStore{" + snapshots.size() + " resources}";
  }
}
