package dev.cita.scheduling.calcom;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import dev.cita.scheduling.spi.ProviderMappingStore;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The branches' Cal.com configurations kept in a core {@link ProviderMappingStore} (such as {@code
 * JdbcStores.providerMappings()}), so that a branch connected or re-mapped on one node is the same
 * on every node and after a restart. It is a {@link CalComTenants}: pass it wherever a fixed {@link
 * CalComTenants#of} was used.
 *
 * <p>The store keeps the account, base URL, zone, event type mappings and busy resources, but no
 * secret: each branch's webhook signing comes from {@link Builder#webhookSigning}, which reads it
 * where the application keeps its secrets. Every base URL is checked against one {@link
 * Builder#baseUrlPolicy policy} when it is saved and when it is read.
 *
 * <p>Every {@link #find} reads the store (one indexed query), without a cache: a branch re-mapped
 * on one node is used by every node at once. The lookup comes next to a call to Cal.com or a
 * webhook, which costs far more.
 *
 * <pre>{@code
 * CalComTenantRegistry branches = CalComTenantRegistry.builder(stores.providerMappings())
 *     .webhookSigning(tenant -> secrets.calcomWebhookSecret(tenant).map(WebhookSigning::secret))
 *     .build();
 * branches.save(CalComTenant.builder(centro, "1234").eventType(EventTypeMapping.of(501, ana, consulta)).build());
 * CalComCalendarProvider calcom = CalComCalendarProvider.builder(access, branches)...build();
 * }</pre>
 */
public final class CalComTenantRegistry implements CalComTenants {
  static final String ACCOUNT = "account";
  static final String EVENT_TYPE = "eventType";
  static final String BUSY_RESOURCE = "busyResource";
  private static final String ORDER = "order";

  private final ProviderMappingStore store;
  private final Function<TenantId, Optional<WebhookSigning>> signing;
  private final BaseUrlPolicy baseUrlPolicy;

  private CalComTenantRegistry(Builder b) {
    this.store = b.store;
    this.signing = b.signing;
    this.baseUrlPolicy = b.baseUrlPolicy;
  }

  /**
   * Starts a registry over a mapping store.
   *
   * @param store the store, normally shared by every node
   * @return a builder; without {@link Builder#webhookSigning} every webhook is refused
   * @throws ValidationException if {@code store} is null
   */
  public static Builder builder(ProviderMappingStore store) {
    return new Builder(Checks.notNull(store, "providerMappingStore"));
  }

  /**
   * Saves (or replaces) a branch's configuration, all at once. Its webhook signing is not stored;
   * {@link Builder#webhookSigning} supplies it.
   *
   * @param branch the branch's configuration
   * @throws ValidationException if {@code branch} is null or its base URL is outside this
   *     registry's policy; nothing is written then
   */
  public void save(CalComTenant branch) {
    Checks.notNull(branch, "branch");
    CalComAccess.parseBaseUrl(branch.baseUrl(), baseUrlPolicy, "calcomTenant.baseUrl");
    TenantId tenant = branch.tenant();
    List<ProviderMapping> lines = new ArrayList<>();
    lines.add(
        ProviderMapping.of(tenant, CalComClient.PROVIDER, ACCOUNT, branch.account(), null, null)
            .with("baseUrl", branch.baseUrl())
            .with("zone", branch.zone().getId()));
    int order = 0;
    for (EventTypeMapping m : branch.eventTypes()) {
      ProviderMapping line =
          ProviderMapping.of(
                  tenant,
                  CalComClient.PROVIDER,
                  EVENT_TYPE,
                  Long.toString(m.eventTypeId()),
                  m.resource(),
                  m.type())
              .with(ORDER, Integer.toString(order++));
      lines.add(m.multipleLengths() ? line.with("multipleLengths", "true") : line);
    }
    for (ResourceId r : branch.busyResources()) {
      lines.add(
          ProviderMapping.of(tenant, CalComClient.PROVIDER, BUSY_RESOURCE, r.value(), r, null));
    }
    store.replace(tenant, CalComClient.PROVIDER, lines);
  }

  /**
   * Forgets a branch's configuration.
   *
   * @param tenant the branch
   * @return true if it had one
   */
  public boolean remove(TenantId tenant) {
    return store.delete(Checks.notNull(tenant, "tenant"), CalComClient.PROVIDER);
  }

  /** {@return every branch with a saved configuration, ordered by id, for a busy refresher} */
  public List<TenantId> tenants() {
    return store.tenants(CalComClient.PROVIDER);
  }

  /**
   * The branch's configuration as last saved by any node, with its webhook signing.
   *
   * @param tenant a branch
   * @return its configuration, or empty when none is saved
   * @throws dev.cita.scheduling.SchedulingException if the stored lines no longer make a valid
   *     configuration (for example a base URL outside this registry's policy)
   */
  @Override
  public Optional<CalComTenant> find(TenantId tenant) {
    List<ProviderMapping> lines =
        store.list(Checks.notNull(tenant, "tenant"), CalComClient.PROVIDER);
    Optional<ProviderMapping> account =
        lines.stream().filter(l -> l.kind().equals(ACCOUNT)).findFirst();
    if (account.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(build(tenant, account.get(), lines));
    } catch (ValidationException | DateTimeException | NumberFormatException e) {
      throw new SchedulingException(
          "the stored Cal.com configuration of " + tenant + " is not valid: " + e.getMessage(), e);
    }
  }

  private CalComTenant build(
      TenantId tenant, ProviderMapping account, List<ProviderMapping> lines) {
    CalComTenant.Builder b =
        CalComTenant.builder(tenant, account.externalId()).baseUrlPolicy(baseUrlPolicy);
    account.attribute("baseUrl").ifPresent(b::baseUrl);
    account.attribute("zone").ifPresent(z -> b.zone(ZoneId.of(z)));
    lines.stream()
        .filter(l -> l.kind().equals(EVENT_TYPE))
        .sorted(Comparator.comparingInt(l -> Integer.parseInt(l.attribute(ORDER).orElse("0"))))
        .forEach(l -> b.eventType(eventType(l)));
    lines.stream()
        .filter(l -> l.kind().equals(BUSY_RESOURCE))
        .forEach(l -> b.busyResource(ResourceId.of(l.externalId())));
    signing.apply(tenant).ifPresent(b::webhookSigning);
    return b.build();
  }

  private static EventTypeMapping eventType(ProviderMapping line) {
    long id = Long.parseLong(line.externalId());
    ResourceId resource = Checks.notNull(line.resource(), "mapping.resource");
    AppointmentTypeId type = Checks.notNull(line.appointmentType(), "mapping.appointmentType");
    return line.attribute("multipleLengths").isPresent()
        ? EventTypeMapping.multipleLengths(id, resource, type)
        : EventTypeMapping.of(id, resource, type);
  }

  @Override
  public String toString() {
    return "CalComTenantRegistry{" + store + '}';
  }

  /** Collects a {@link CalComTenantRegistry}. */
  public static final class Builder {
    private final ProviderMappingStore store;
    private Function<TenantId, Optional<WebhookSigning>> signing = t -> Optional.empty();
    private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.publicHttps();

    private Builder(ProviderMappingStore store) {
      this.store = store;
    }

    /**
     * Where each branch's webhook signing comes from, read on every lookup; without it every
     * delivery is refused.
     *
     * @param signing the branch's signing, or empty when it has none
     * @return this builder
     */
    public Builder webhookSigning(Function<TenantId, Optional<WebhookSigning>> signing) {
      this.signing = Checks.notNull(signing, "webhookSigning");
      return this;
    }

    /**
     * What the branches' base URLs may be; {@link BaseUrlPolicy#publicHttps()} if not set.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder baseUrlPolicy(BaseUrlPolicy policy) {
      this.baseUrlPolicy = Checks.notNull(policy, "baseUrlPolicy");
      return this;
    }

    /** {@return the registry, thread-safe} */
    public CalComTenantRegistry build() {
      return new CalComTenantRegistry(this);
    }
  }
}
