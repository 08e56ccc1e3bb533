package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.token.PendingAuthorization;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link AuthorizationStateStore} in memory, for one application node. It drops
 * expired entries whenever a new one is put, so abandoned authorizations do not pile up.
 */
public final class InMemoryAuthorizationStateStore implements AuthorizationStateStore {
  private final Map<String, PendingAuthorization> pending = new ConcurrentHashMap<>();
  private final Clock clock;

  /**
   * Creates an empty store.
   *
   * @param clock the clock expiry is judged by
   */
  public InMemoryAuthorizationStateStore(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public void put(String state, PendingAuthorization authorization) {
    Checks.notBlank(state, "state");
    Checks.notNull(authorization, "authorization");
    Instant now = clock.instant();
    pending.values().removeIf(p -> !now.isBefore(p.expiresAt()));
    pending.put(state, authorization);
  }

  @Override
  public Optional<PendingAuthorization> consume(String state) {
    return Optional.ofNullable(pending.remove(Checks.notNull(state, "state")));
  }
}
