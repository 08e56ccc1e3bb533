package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link LeaseStore} in memory, for the nodes of one JVM (tests, one node). */
public final class InMemoryLeaseStore implements LeaseStore {
  private record Lease(String owner, Instant expiry) {}

  private final Map<String, Lease> leases = new ConcurrentHashMap<>();

  @Override
  public boolean tryAcquire(String name, String owner, Instant now, Duration duration) {
    Checks.notBlank(name, "name");
    Checks.notBlank(owner, "owner");
    Checks.notNull(now, "now");
    Checks.positive(duration, "duration");
    Lease mine = new Lease(owner, now.plus(duration));
    Lease held =
        leases.compute(
            name,
            (n, current) ->
                current == null || current.owner().equals(owner) || !current.expiry().isAfter(now)
                    ? mine
                    : current);
    return held == mine;
  }

  @Override
  public boolean release(String name, String owner) {
    Checks.notBlank(name, "name");
    Checks.notBlank(owner, "owner");
    boolean[] released = {false};
    leases.computeIfPresent(
        name,
        (n, current) -> {
          if (current.owner().equals(owner)) {
            released[0] = true;
            return null;
          }
          return current;
        });
    return released[0];
  }
}
