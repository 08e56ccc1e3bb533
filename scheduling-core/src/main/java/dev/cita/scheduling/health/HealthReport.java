package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What every check of a {@link HealthChecks} found, and the worst status among them.
 *
 * @param status the worst status of the checks (UP when there are none)
 * @param checks each check's health by name, in the order they were added
 */
public record HealthReport(Health.Status status, Map<String, Health> checks) {
  /**
   * Checks the components and keeps an unmodifiable copy of the checks, in their order.
   *
   * @param status the overall status
   * @param checks each check's health
   * @throws dev.cita.scheduling.ValidationException if a component is missing
   */
  public HealthReport {
    Checks.notNull(status, "healthReport.status");
    Checks.notNull(checks, "healthReport.checks");
    checks = Collections.unmodifiableMap(new LinkedHashMap<>(checks));
  }
}
