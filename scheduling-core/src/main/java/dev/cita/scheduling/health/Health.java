package dev.cita.scheduling.health;

import dev.cita.scheduling.internal.Checks;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one health check found: a status and details safe to show to an operator or a load balancer
 * (counts, ages, provider names, error class names; never a secret, a message text, a phone number
 * or an e-mail address).
 *
 * @param status how healthy the component is
 * @param details what was measured, in a stable order
 */
public record Health(Status status, Map<String, String> details) {
  /** How healthy a component is, from best to worst. */
  public enum Status {
    /** Working as expected. */
    UP,
    /** Working, but something needs an operator (a backlog, dead letters, a failing provider). */
    DEGRADED,
    /** Not working (the store cannot be reached, a worker stopped). */
    DOWN;

    /**
     * {@return the worse of this and {@code other}}
     *
     * @param other another status
     */
    public Status worst(Status other) {
      return compareTo(other) >= 0 ? this : other;
    }
  }

  /**
   * Checks the components and keeps an unmodifiable copy of the details, in their order.
   *
   * @param status the status
   * @param details the details
   * @throws dev.cita.scheduling.ValidationException if a component is missing
   */
  public Health {
    Checks.notNull(status, "health.status");
    Checks.notNull(details, "health.details");
    details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * {@return an UP health with these details}
   *
   * @param details what was measured
   */
  public static Health up(Map<String, String> details) {
    return new Health(Status.UP, details);
  }

  /**
   * {@return a DOWN health with these details}
   *
   * @param details what was measured
   */
  public static Health down(Map<String, String> details) {
    return new Health(Status.DOWN, details);
  }
}
