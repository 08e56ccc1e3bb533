package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.TenantId;
import java.util.List;

/**
 * Each tenant's (branch's) mapping between a booking tool and Cita, as {@link ProviderMapping}
 * lines: which account the branch connected, which external hosts and event types are which Cita
 * resources and appointment types. Adapters read it on every push and webhook; share one store
 * between the nodes of an application so that a branch mapped on one node is mapped on all.
 * Implementations must be thread-safe, and {@link #replace} atomic: a reader sees the old lines or
 * the new ones, never a mix.
 */
public interface ProviderMappingStore {
  /**
   * Replaces a tenant's lines at a provider with {@code mappings}, all at once.
   *
   * @param tenant the tenant
   * @param provider the provider
   * @param mappings the new lines, each of this tenant and provider, each (kind, external id) once;
   *     empty to forget the tenant's mapping
   * @throws dev.cita.scheduling.ValidationException if a line belongs to another tenant or
   *     provider, or names a (kind, external id) twice; nothing is changed then
   */
  void replace(TenantId tenant, String provider, List<ProviderMapping> mappings);

  /**
   * Forgets a tenant's lines at a provider: a {@link #replace} with no lines.
   *
   * @param tenant the tenant
   * @param provider the provider
   * @return true if it had lines
   * @throws dev.cita.scheduling.ValidationException if an argument is null
   */
  default boolean delete(TenantId tenant, String provider) {
    boolean had = !list(tenant, provider).isEmpty();
    replace(tenant, provider, List.of());
    return had;
  }

  /**
   * A tenant's lines at a provider.
   *
   * @param tenant the tenant
   * @param provider the provider
   * @return its lines, ordered by kind and external id; empty when it has none
   */
  List<ProviderMapping> list(TenantId tenant, String provider);

  /**
   * The tenants that have lines at a provider, for example for a busy refresher that visits every
   * connected branch.
   *
   * @param provider the provider
   * @return the tenants, ordered by id
   */
  List<TenantId> tenants(String provider);

  /**
   * The lines of every tenant that map one external id, to route a notification that names only an
   * external account or user. This is the one lookup across tenants.
   *
   * @param provider the provider
   * @param kind what the external id names
   * @param externalId the id at the provider
   * @return the lines, ordered by tenant
   */
  List<ProviderMapping> findByExternalId(String provider, String kind, String externalId);
}
