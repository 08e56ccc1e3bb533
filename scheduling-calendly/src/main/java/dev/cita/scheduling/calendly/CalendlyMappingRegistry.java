package dev.cita.scheduling.calendly;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import dev.cita.scheduling.spi.ProviderMappingStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each tenant's {@link CalendlyMapping} kept in a core {@link ProviderMappingStore} (such as {@code
 * JdbcStores.providerMappings()}), so that a branch mapped on one node is mapped the same on every
 * node and after a restart. It is a {@link CalendlyMappings}: pass it wherever a fixed {@link
 * CalendlyMappings#of} was used. Each host and each event type is one line of provider {@code
 * "calendly"}, whose external id is its URI.
 *
 * <p>Every lookup reads the store (one indexed query), without a cache: a mapping changed on one
 * node is used by every node at once. The lookup comes next to a call to Calendly or a webhook,
 * which costs far more.
 *
 * <pre>{@code
 * CalendlyMappingRegistry mappings = new CalendlyMappingRegistry(stores.providerMappings());
 * mappings.save(centro, CalendlyMapping.builder().host(anaUri, ana).eventType(consultaUri, consulta).build());
 * CalendlyCalendarProvider calendly = CalendlyCalendarProvider.builder(client, mappings)...build();
 * }</pre>
 *
 * <p>Webhook signing keys are secrets and not kept here: use a {@link CredentialSigningKeyStore}
 * over the shared, encrypted credential store.
 */
public final class CalendlyMappingRegistry implements CalendlyMappings {
  static final String HOST = "host";
  static final String EVENT_TYPE = "eventType";

  private final ProviderMappingStore store;

  /**
   * A registry over a mapping store.
   *
   * @param store the store, normally shared by every node
   * @throws ValidationException if {@code store} is null
   */
  public CalendlyMappingRegistry(ProviderMappingStore store) {
    this.store = Checks.notNull(store, "providerMappingStore");
  }

  /**
   * Saves (or replaces) a tenant's mapping, all at once.
   *
   * @param tenant the tenant
   * @param mapping its mapping; an empty one forgets it
   * @throws ValidationException if an argument is null or a URI does not fit the store
   */
  public void save(TenantId tenant, CalendlyMapping mapping) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(mapping, "mapping");
    List<ProviderMapping> lines = new ArrayList<>();
    mapping
        .hosts()
        .forEach(
            (uri, resource) ->
                lines.add(
                    ProviderMapping.of(
                        tenant, CalendlyClient.PROVIDER, HOST, uri, resource, null)));
    Map<String, ResourceId> fixed = mapping.eventTypeResources();
    mapping
        .eventTypeTypes()
        .forEach(
            (uri, type) ->
                lines.add(
                    ProviderMapping.of(
                        tenant, CalendlyClient.PROVIDER, EVENT_TYPE, uri, fixed.get(uri), type)));
    store.replace(tenant, CalendlyClient.PROVIDER, lines);
  }

  /**
   * Forgets a tenant's mapping.
   *
   * @param tenant the tenant
   * @return true if it had one
   */
  public boolean remove(TenantId tenant) {
    return store.delete(Checks.notNull(tenant, "tenant"), CalendlyClient.PROVIDER);
  }

  /** {@return every tenant with a saved mapping, ordered by id, for a busy refresher} */
  public List<TenantId> tenants() {
    return store.tenants(CalendlyClient.PROVIDER);
  }

  /**
   * The tenant's mapping as last saved by any node.
   *
   * @param tenant a tenant
   * @return its mapping, or empty when none is saved
   * @throws SchedulingException if the stored lines no longer make a valid mapping
   */
  @Override
  public Optional<CalendlyMapping> forTenant(TenantId tenant) {
    List<ProviderMapping> lines =
        store.list(Checks.notNull(tenant, "tenant"), CalendlyClient.PROVIDER);
    if (lines.isEmpty()) {
      return Optional.empty();
    }
    CalendlyMapping.Builder b = CalendlyMapping.builder();
    try {
      for (ProviderMapping line : lines) {
        if (line.kind().equals(HOST)) {
          b.host(line.externalId(), Checks.notNull(line.resource(), "mapping.host.resource"));
        } else if (line.kind().equals(EVENT_TYPE)) {
          AppointmentTypeId type = Checks.notNull(line.appointmentType(), "mapping.eventType.type");
          ResourceId resource = line.resource();
          if (resource == null) {
            b.eventType(line.externalId(), type);
          } else {
            b.eventType(line.externalId(), type, resource);
          }
        }
      }
    } catch (ValidationException e) {
      throw new SchedulingException(
          "the stored Calendly mapping of " + tenant + " is not valid: " + e.getMessage(), e);
    }
    return Optional.of(b.build());
  }

  @Override
  public String toString() {
    return "CalendlyMappingRegistry{" + store + '}';
  }
}
