package dev.cita.scheduling.spring;

import dev.cita.scheduling.health.HealthChecks;
import dev.cita.scheduling.health.HealthReport;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

/**
 * Cita's {@link HealthChecks} as an Actuator health indicator: UP and DOWN as they are, DEGRADED as
 * the custom status {@code DEGRADED} (map it to an HTTP status with {@code
 * management.endpoint.health.status.http-mapping.degraded}), each check's details under its name.
 */
public final class CitaHealthIndicator implements HealthIndicator {
  /** The status reported for a degraded Cita. */
  public static final Status DEGRADED = new Status("DEGRADED");

  private final HealthChecks checks;

  /**
   * Creates the indicator.
   *
   * @param checks the checks to run on each health request
   */
  public CitaHealthIndicator(HealthChecks checks) {
    this.checks = checks;
  }

  @Override
  public Health health() {
    HealthReport report = checks.check();
    Health.Builder builder = Health.status(status(report.status()));
    report
        .checks()
        .forEach(
            (name, health) ->
                builder.withDetail(
                    name,
                    java.util.Map.of(
                        "status", health.status().name(), "details", health.details())));
    return builder.build();
  }

  private static Status status(dev.cita.scheduling.health.Health.Status status) {
    return switch (status) {
      case UP -> Status.UP;
      case DEGRADED -> DEGRADED;
      case DOWN -> Status.DOWN;
    };
  }
}
