package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Looks up a tenant's (branch's) Cal.com configuration; the application implements it over its own
 * tenant table, or uses {@link #of(CalComTenant...)} for a fixed set. Must be thread-safe and
 * cheap: it is asked on every push and every webhook.
 */
@FunctionalInterface
public interface CalComTenants {
  /**
   * The tenant's Cal.com configuration.
   *
   * @param tenant a tenant
   * @return its configuration, or empty when it has not connected Cal.com
   */
  Optional<CalComTenant> find(TenantId tenant);

  /**
   * A fixed set of tenants.
   *
   * @param tenants the tenants' configurations, each tenant once
   * @return the lookup
   * @throws ValidationException if a tenant is configured twice
   */
  static CalComTenants of(CalComTenant... tenants) {
    Map<TenantId, CalComTenant> byId = new LinkedHashMap<>();
    for (CalComTenant t : tenants) {
      Checks.notNull(t, "tenants[]");
      if (byId.putIfAbsent(t.tenant(), t) != null) {
        throw new ValidationException("tenants", "tenant " + t.tenant() + " is configured twice");
      }
    }
    Map<TenantId, CalComTenant> copy = Map.copyOf(byId);
    return tenant -> Optional.ofNullable(copy.get(tenant));
  }
}
