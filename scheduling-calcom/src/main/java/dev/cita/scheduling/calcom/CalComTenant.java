package dev.cita.scheduling.calcom;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.http.BaseUrlPolicy;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One branch's Cal.com connection: which Cal.com instance (cloud or self-hosted), which connected
 * account (the key of its credential in {@code CredentialManager}, OAuth or API key), how Cal.com
 * event types map to Cita resources and appointment types, and how its webhooks are signed.
 * Immutable; built with {@link #builder(TenantId, String)}.
 *
 * <pre>{@code
 * CalComTenant branch = CalComTenant.builder(TenantId.of("sucursal-centro"), "1234")   // Cal.com user id
 *     .eventType(EventTypeMapping.of(501, ResourceId.of("dra-ana"), AppointmentTypeId.of("consulta")))
 *     .webhookSigning(WebhookSigning.secret(System.getenv("CALCOM_WEBHOOK_SECRET_CENTRO")))
 *     .build();
 * }</pre>
 */
public final class CalComTenant {
  private final TenantId tenant;
  private final String account;
  private final String baseUrl;
  private final BaseUrlPolicy baseUrlPolicy;
  private final List<EventTypeMapping> eventTypes;
  private final Set<ResourceId> busyResources;
  private final @Nullable WebhookSigning webhookSigning;
  private final ZoneId zone;

  private CalComTenant(Builder b) {
    this.tenant = Checks.notNull(b.tenant, "calcomTenant.tenant");
    this.account = Checks.notBlank(b.account, "calcomTenant.account");
    this.baseUrlPolicy = b.baseUrlPolicy;
    this.baseUrl =
        CalComAccess.parseBaseUrl(b.baseUrl, b.baseUrlPolicy, "calcomTenant.baseUrl").toString();
    this.eventTypes = List.copyOf(b.eventTypes);
    Set<Long> ids = new LinkedHashSet<>();
    Set<String> pairs = new LinkedHashSet<>();
    for (EventTypeMapping m : eventTypes) {
      if (!ids.add(m.eventTypeId())) {
        throw new ValidationException(
            "calcomTenant.eventTypes", "event type " + m.eventTypeId() + " is mapped twice");
      }
      if (!pairs.add(m.resource().value() + "\u0000" + m.type().value())) {
        throw new ValidationException(
            "calcomTenant.eventTypes",
            "resource "
                + m.resource()
                + " with type "
                + m.type()
                + " is mapped to two event types");
      }
    }
    Set<ResourceId> busy = new LinkedHashSet<>(b.busyResources);
    if (busy.isEmpty()) {
      eventTypes.forEach(m -> busy.add(m.resource()));
    }
    this.busyResources = Set.copyOf(busy);
    this.webhookSigning = b.webhookSigning;
    this.zone = Checks.notNull(b.zone, "calcomTenant.zone");
  }

  /**
   * Starts the configuration of {@code tenant}'s connection to Cal.com account {@code account} (the
   * Cal.com user id its credential is stored under).
   *
   * @param tenant the branch
   * @param account the Cal.com user id its credential is stored under
   * @return a builder; every other setting has a default
   */
  public static Builder builder(TenantId tenant, String account) {
    return new Builder(tenant, account);
  }

  /** {@return the branch} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the Cal.com account (user id) of this branch's credential} */
  public String account() {
    return account;
  }

  /** {@return the key of this branch's credential in {@code CredentialManager}} */
  public ConnectionKey connection() {
    return ConnectionKey.of(tenant, CalComClient.PROVIDER, account);
  }

  /**
   * {@return the Cal.com API root, ending with a slash; {@link CalComClient#DEFAULT_BASE_URL}
   * unless self-hosted}
   */
  public String baseUrl() {
    return baseUrl;
  }

  /**
   * {@return the policy {@link #baseUrl()} was checked against; {@link BaseUrlPolicy#publicHttps()}
   * unless widened}
   */
  public BaseUrlPolicy baseUrlPolicy() {
    return baseUrlPolicy;
  }

  /** {@return the mapped event types, in the order they were added} */
  public List<EventTypeMapping> eventTypes() {
    return eventTypes;
  }

  /**
   * The mapping of a Cal.com event type.
   *
   * @param eventTypeId the event type
   * @return its mapping, or empty if this branch does not map it
   */
  public Optional<EventTypeMapping> eventType(long eventTypeId) {
    return eventTypes.stream().filter(m -> m.eventTypeId() == eventTypeId).findFirst();
  }

  /**
   * The event type Cita pushes appointments of a resource and type to.
   *
   * @param resource the appointment's resource
   * @param type the appointment's type
   * @return the mapping, or empty if none is mapped
   */
  public Optional<EventTypeMapping> eventTypeFor(ResourceId resource, AppointmentTypeId type) {
    return eventTypes.stream()
        .filter(m -> m.resource().equals(resource) && m.type().equals(type))
        .findFirst();
  }

  /**
   * The resources whose time this account's Cal.com bookings block; by default every resource of
   * {@link #eventTypes()}.
   *
   * @return the resources, unmodifiable
   */
  public Set<ResourceId> busyResources() {
    return busyResources;
  }

  /**
   * {@return how this branch's webhooks are authenticated} Empty means every delivery is refused.
   */
  public Optional<WebhookSigning> webhookSigning() {
    return Optional.ofNullable(webhookSigning);
  }

  /**
   * {@return the branch's zone, used for Cal.com slot queries and as the zone of imported bookings}
   */
  public ZoneId zone() {
    return zone;
  }

  @Override
  public String toString() {
    return "CalComTenant{"
        + tenant
        + ", account="
        + account
        + ", baseUrl="
        + baseUrl
        + ", eventTypes="
        + eventTypes.size()
        + ", signing="
        + webhookSigning
        + "}";
  }

  /** Collects a {@link CalComTenant}; {@link #build()} validates it and names a bad field. */
  public static final class Builder {
    private final TenantId tenant;
    private final String account;
    private String baseUrl = CalComClient.DEFAULT_BASE_URL;
    private BaseUrlPolicy baseUrlPolicy = BaseUrlPolicy.publicHttps();
    private final List<EventTypeMapping> eventTypes = new ArrayList<>();
    private final Set<ResourceId> busyResources = new LinkedHashSet<>();
    private @Nullable WebhookSigning webhookSigning;
    private ZoneId zone = ZoneId.of("UTC");

    private Builder(TenantId tenant, String account) {
      this.tenant = tenant;
      this.account = account;
    }

    /**
     * A self-hosted Cal.com API root such as {@code https://cal.branch.example/}; by default it
     * must be a public https URL (see {@link #baseUrlPolicy}).
     *
     * @param baseUrl the API root; {@link CalComClient#DEFAULT_BASE_URL} if not set
     * @return this builder
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * What {@link #baseUrl} may be: {@link BaseUrlPolicy#publicHttps()} by default; for a Cal.com
     * on the same network, for example {@code BaseUrlPolicy.publicHttps().allowPrivateNetwork()}.
     *
     * @param policy the policy
     * @return this builder
     */
    public Builder baseUrlPolicy(BaseUrlPolicy policy) {
      this.baseUrlPolicy = Checks.notNull(policy, "calcomTenant.baseUrlPolicy");
      return this;
    }

    /**
     * Maps one Cal.com event type to a Cita resource and appointment type.
     *
     * @param mapping the mapping; each event type, and each resource with type, at most once
     * @return this builder
     */
    public Builder eventType(EventTypeMapping mapping) {
      eventTypes.add(Checks.notNull(mapping, "calcomTenant.eventType"));
      return this;
    }

    /**
     * A resource whose time this account's bookings block (replaces the default of all mapped
     * ones).
     *
     * @param resource the resource
     * @return this builder
     */
    public Builder busyResource(ResourceId resource) {
      busyResources.add(Checks.notNull(resource, "calcomTenant.busyResource"));
      return this;
    }

    /**
     * Sets how this branch's webhooks are authenticated; without it every delivery is refused.
     *
     * @param signing {@link WebhookSigning#secret}, or {@link WebhookSigning#unsignedAllowed()}
     *     only where the endpoint is otherwise protected
     * @return this builder
     */
    public Builder webhookSigning(WebhookSigning signing) {
      this.webhookSigning = Checks.notNull(signing, "calcomTenant.webhookSigning");
      return this;
    }

    /**
     * Sets the branch's zone, used for Cal.com slot queries and as the zone of imported bookings.
     *
     * @param zone the zone; UTC if not set
     * @return this builder
     */
    public Builder zone(ZoneId zone) {
      this.zone = Checks.notNull(zone, "calcomTenant.zone");
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration
     * @throws ValidationException naming the field, when the base URL is refused by its policy, an
     *     event type is mapped twice, or a resource with type is mapped to two event types
     */
    public CalComTenant build() {
      return new CalComTenant(this);
    }
  }
}
