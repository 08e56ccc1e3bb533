package dev.cita.scheduling.calendly;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.Map;
import java.util.Optional;

/**
 * Each tenant's {@link CalendlyMapping}, looked up per call; the app implements it over its own
 * configuration, or uses {@link #of(Map)}.
 */
@FunctionalInterface
public interface CalendlyMappings {
  /**
   * The tenant's mapping.
   *
   * @param tenant a tenant
   * @return its mapping, or empty when it has none
   */
  Optional<CalendlyMapping> forTenant(TenantId tenant);

  /**
   * Fixed mappings.
   *
   * @param mappings each tenant's mapping; copied
   * @return the mappings
   */
  static CalendlyMappings of(Map<TenantId, CalendlyMapping> mappings) {
    Map<TenantId, CalendlyMapping> copy = Map.copyOf(Checks.notNull(mappings, "mappings"));
    return tenant -> Optional.ofNullable(copy.get(tenant));
  }
}
