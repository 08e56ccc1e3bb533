package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.webhook.WebhookResult;
import java.time.Clock;
import java.time.Duration;

/**
 * Health {@code "webhooks"}: a spike of webhook deliveries whose signature did not verify (someone
 * probing the endpoint, or a provider secret rotated without telling Cita). Register it as an
 * observer of the {@code WebhookHandler}. A provider with {@code degradedAt} (50 by default) or
 * more bad signatures in the last {@code window} (5 minutes) makes the check DEGRADED; never DOWN
 * (nothing bad was written). Details per provider: deliveries and bad signatures in the window.
 * Counts are this node's only.
 */
public final class WebhookSignatureCheck implements HealthCheck, Observer {
  private final Clock clock;
  private final RecentCounts deliveries;
  private final int degradedAt;

  private WebhookSignatureCheck(Clock clock, Duration window, int degradedAt) {
    this.clock = clock;
    this.deliveries = new RecentCounts(window);
    this.degradedAt = degradedAt;
  }

  /**
   * {@return a check with the defaults: 50 bad signatures in 5 minutes}
   *
   * @param clock the clock deliveries are timed by; the handler's
   */
  public static WebhookSignatureCheck of(Clock clock) {
    return of(clock, Duration.ofMinutes(5), 50);
  }

  /**
   * {@return a check with these thresholds}
   *
   * @param clock the clock deliveries are timed by
   * @param window how far back bad signatures count, at least 10 seconds
   * @param degradedAt bad signatures of one provider in the window at which the check is DEGRADED;
   *     at least 1
   */
  public static WebhookSignatureCheck of(Clock clock, Duration window, int degradedAt) {
    Checks.notNull(clock, "clock");
    Checks.atLeast(window, Duration.ofSeconds(10), "window");
    Checks.atLeast(degradedAt, 1, "degradedAt");
    return new WebhookSignatureCheck(clock, window, degradedAt);
  }

  @Override
  public String name() {
    return "webhooks";
  }

  /**
   * Counts a delivery, and whether its signature failed.
   *
   * @param provider the registered provider, or {@code "unknown"}
   * @param outcome what the handler answered
   */
  @Override
  public void webhook(String provider, WebhookResult.Outcome outcome) {
    deliveries.add(provider, outcome == WebhookResult.Outcome.UNAUTHORIZED, clock.instant());
  }

  @Override
  public Health check() {
    return deliveries.health(
        clock.instant(), "deliveries", "badSignatures", c -> c.failures() >= degradedAt);
  }
}
