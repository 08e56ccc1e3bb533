package dev.cita.scheduling.sync;

import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * How far one provider's outbox is behind, for metrics and health checks: the entries still to push
 * (waiting or being pushed), when the oldest of them was written, and the dead letters waiting for
 * an operator.
 *
 * @param provider the provider id
 * @param pending entries of status {@link OutboxStatus#PENDING}
 * @param oldestPending when the oldest pending entry was written, empty when none is pending
 * @param dead entries of status {@link OutboxStatus#DEAD}
 */
public record OutboxBacklog(
    String provider, long pending, Optional<Instant> oldestPending, long dead) {
  /**
   * Checks the components.
   *
   * @param provider the provider id, not blank
   * @param pending not negative
   * @param oldestPending present exactly when {@code pending} is positive
   * @param dead not negative
   * @throws dev.cita.scheduling.ValidationException if a component is missing or out of range
   */
  public OutboxBacklog {
    Checks.notBlank(provider, "outboxBacklog.provider");
    Checks.atLeast(pending, 0, "outboxBacklog.pending");
    Checks.notNull(oldestPending, "outboxBacklog.oldestPending");
    Checks.atLeast(dead, 0, "outboxBacklog.dead");
  }

  /**
   * {@return how long the oldest pending entry has waited at {@code now}; zero when none waits}
   *
   * @param now the current time
   */
  public Duration lag(Instant now) {
    return oldestPending
        .map(t -> Duration.between(t, now))
        .filter(d -> !d.isNegative())
        .orElse(Duration.ZERO);
  }
}
