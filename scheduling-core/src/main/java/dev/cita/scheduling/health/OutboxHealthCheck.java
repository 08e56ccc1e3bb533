package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Health {@code "outbox"}: how far the pushes to providers are behind, from {@link
 * OutboxStore#backlog()} (one indexed query). Per provider: DEGRADED when the oldest pending entry
 * has waited {@linkplain Builder#lagDegraded lagDegraded} (5 minutes by default) or when there are
 * {@linkplain Builder#deadLettersDegraded deadLettersDegraded} (1) or more dead letters; DOWN when
 * it has waited {@linkplain Builder#lagDown lagDown} (1 hour). The check is the worst provider's.
 * Details per provider: pending, lag in seconds, dead letters.
 */
public final class OutboxHealthCheck implements HealthCheck {
  private final OutboxStore outbox;
  private final Clock clock;
  private final Duration lagDegraded;
  private final Duration lagDown;
  private final long deadLettersDegraded;

  private OutboxHealthCheck(Builder b) {
    this.outbox = b.outbox;
    this.clock = b.clock;
    this.lagDegraded = b.lagDegraded;
    this.lagDown = Checks.atLeast(b.lagDown, b.lagDegraded, "lagDown");
    this.deadLettersDegraded = b.deadLettersDegraded;
  }

  /**
   * {@return a builder for a check of {@code outbox}, with the defaults above}
   *
   * @param outbox the outbox the booking service writes to; it must implement {@link
   *     OutboxStore#backlog()}
   */
  public static Builder builder(OutboxStore outbox) {
    return new Builder(Checks.notNull(outbox, "outbox"));
  }

  @Override
  public String name() {
    return "outbox";
  }

  @Override
  public Health check() {
    Instant now = clock.instant();
    Health.Status status = Health.Status.UP;
    Map<String, String> details = new LinkedHashMap<>();
    for (OutboxBacklog b : outbox.backlog()) {
      Duration lag = b.lag(now);
      details.put(b.provider() + ".pending", Long.toString(b.pending()));
      details.put(b.provider() + ".lagSeconds", Long.toString(lag.toSeconds()));
      details.put(b.provider() + ".deadLetters", Long.toString(b.dead()));
      if (lag.compareTo(lagDown) >= 0) {
        status = status.worst(Health.Status.DOWN);
      } else if (lag.compareTo(lagDegraded) >= 0 || b.dead() >= deadLettersDegraded) {
        status = status.worst(Health.Status.DEGRADED);
      }
    }
    return new Health(status, details);
  }

  /** Collects the thresholds of an {@link OutboxHealthCheck}. */
  public static final class Builder {
    private final OutboxStore outbox;
    private Clock clock = Clock.systemUTC();
    private Duration lagDegraded = Duration.ofMinutes(5);
    private Duration lagDown = Duration.ofHours(1);
    private long deadLettersDegraded = 1;

    private Builder(OutboxStore outbox) {
      this.outbox = outbox;
    }

    /**
     * The clock the lag is measured by.
     *
     * @param clock default {@link Clock#systemUTC()}
     * @return this builder
     */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /**
     * The oldest pending entry's wait at which the check is DEGRADED; 5 minutes by default.
     *
     * @param lagDegraded positive
     * @return this builder
     */
    public Builder lagDegraded(Duration lagDegraded) {
      this.lagDegraded = Checks.positive(lagDegraded, "lagDegraded");
      return this;
    }

    /**
     * The oldest pending entry's wait at which the check is DOWN; 1 hour by default, not less than
     * {@link #lagDegraded}.
     *
     * @param lagDown positive
     * @return this builder
     */
    public Builder lagDown(Duration lagDown) {
      this.lagDown = Checks.positive(lagDown, "lagDown");
      return this;
    }

    /**
     * Dead letters of one provider at which the check is DEGRADED; 1 by default.
     *
     * @param deadLettersDegraded at least 1
     * @return this builder
     */
    public Builder deadLettersDegraded(long deadLettersDegraded) {
      this.deadLettersDegraded = Checks.atLeast(deadLettersDegraded, 1L, "deadLettersDegraded");
      return this;
    }

    /**
     * {@return the check}
     *
     * @throws dev.cita.scheduling.ValidationException if {@code lagDown} is less than {@code
     *     lagDegraded}
     */
    public OutboxHealthCheck build() {
      return new OutboxHealthCheck(this);
    }
  }
}
