package dev.cita.scheduling.health;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Clock;
import java.time.Duration;

/**
 * Health {@code "providers"}: the recent error rate of each provider's API calls, as the API log
 * records them. It hears the log through {@link Observer#auditLog(AuditLog)}: wrap the log the
 * adapters write to with {@code check.auditLog(log)}, or add it to the observers of a wrapped log.
 * A provider whose calls in the last {@code window} (5 minutes by default) number at least {@code
 * minCalls} (10) and fail at {@code degradedRate} (25 %) or more makes the check DEGRADED; never
 * DOWN, since bookings go on while a provider fails (the outbox catches up). Details per provider:
 * calls and failures in the window. Counts are this node's only.
 */
public final class ProviderErrorRateCheck implements HealthCheck, Observer {
  private final Clock clock;
  private final RecentCounts calls;
  private final int minCalls;
  private final double degradedRate;

  private ProviderErrorRateCheck(Clock clock, Duration window, int minCalls, double degradedRate) {
    this.clock = clock;
    this.calls = new RecentCounts(window);
    this.minCalls = minCalls;
    this.degradedRate = degradedRate;
  }

  /**
   * {@return a check with the defaults: 5-minute window, 10 calls, 25 %}
   *
   * @param clock the clock "now" is read from (the API log's entries carry their own time)
   */
  public static ProviderErrorRateCheck of(Clock clock) {
    return of(clock, Duration.ofMinutes(5), 10, 0.25);
  }

  /**
   * {@return a check with these thresholds}
   *
   * @param clock the clock "now" is read from
   * @param window how far back calls count, at least 10 seconds
   * @param minCalls fewer calls than this in the window never degrade the check; at least 1
   * @param degradedRate the share of failed calls at which the check is DEGRADED; more than 0, at
   *     most 1
   */
  public static ProviderErrorRateCheck of(
      Clock clock, Duration window, int minCalls, double degradedRate) {
    Checks.notNull(clock, "clock");
    Checks.atLeast(window, Duration.ofSeconds(10), "window");
    Checks.atLeast(minCalls, 1, "minCalls");
    if (!(degradedRate > 0 && degradedRate <= 1)) {
      throw new ValidationException(
          "degradedRate", "must be more than 0 and at most 1, was " + degradedRate);
    }
    return new ProviderErrorRateCheck(clock, window, minCalls, degradedRate);
  }

  @Override
  public String name() {
    return "providers";
  }

  /**
   * Counts an outbound entry (a provider call); inbound ones (webhooks) are left to {@link
   * WebhookSignatureCheck}.
   *
   * @param entry the entry the API log recorded
   */
  @Override
  public void audited(AuditEntry entry) {
    if (entry.direction() == AuditEntry.Direction.OUTBOUND) {
      calls.add(entry.provider(), entry.outcome() == AuditEntry.Outcome.FAILURE, entry.at());
    }
  }

  @Override
  public Health check() {
    return calls.health(
        clock.instant(),
        "calls",
        "failures",
        c -> c.events() >= minCalls && c.failures() >= degradedRate * c.events());
  }
}
