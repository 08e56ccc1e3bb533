package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import java.util.function.Supplier;

/**
 * One component's health probe. A probe is cheap (a store query on an index, counters kept in
 * memory), never calls a provider's API, and should not throw: {@link HealthChecks} reports a probe
 * that throws or takes longer than its timeout as {@link Health.Status#DOWN}.
 */
public interface HealthCheck {
  /** {@return the component's name, e.g. {@code "store"} or {@code "outbox"}; unique in a set} */
  String name();

  /** {@return the component's health now} */
  Health check();

  /**
   * {@return a check named {@code name} that answers what {@code probe} returns} For an
   * application's own components (a queue, a cache) next to Cita's checks.
   *
   * @param name the component's name, not blank
   * @param probe the probe
   */
  static HealthCheck of(String name, Supplier<Health> probe) {
    Checks.notBlank(name, "name");
    Checks.notNull(probe, "probe");
    return new HealthCheck() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Health check() {
        return probe.get();
      }
    };
  }
}
