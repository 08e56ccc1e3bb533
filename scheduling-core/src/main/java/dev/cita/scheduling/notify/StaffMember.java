package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A person of a tenant who is told about appointments: the owner, an administrator or an agent,
 * with an address per channel and the kinds of notice they want. Immutable.
 *
 * <pre>{@code
 * StaffMember ana = StaffMember.builder(TenantId.of("clinica-norte"), "ana", StaffRole.AGENT)
 *     .name("Ana Soto")
 *     .resource(ResourceId.of("dra-ana"))
 *     .address("email", "ana@norte.cl")
 *     .address("push", "player-123")
 *     .kinds(MessageKind.CONFIRMATION, MessageKind.CANCELLATION)
 *     .locale(Locale.forLanguageTag("es-CL"))
 *     .build();
 * }</pre>
 *
 * The addresses are keyed by channel id ({@code "email"}, {@code "whatsapp"}, {@code "sms"}, {@code
 * "push"}); each channel checks its own address form when it sends. Only an {@link StaffRole#AGENT}
 * has resources.
 */
public final class StaffMember {
  /** The longest id, name, channel id or address accepted. */
  public static final int MAX_LENGTH = 200;

  /** The most channel addresses one member may have. */
  public static final int MAX_ADDRESSES = 16;

  /** The most resources one agent may be assigned to. */
  public static final int MAX_RESOURCES = 100;

  private final TenantId tenant;
  private final String id;
  private final String name;
  private final StaffRole role;
  private final Set<ResourceId> resources;
  private final Map<String, String> addresses;
  private final Set<MessageKind> kinds;
  private final Locale locale;

  private StaffMember(Builder b) {
    this.tenant = b.tenant;
    this.id = b.id;
    this.name = b.name == null ? b.id : b.name;
    this.role = b.role;
    if (role != StaffRole.AGENT && !b.resources.isEmpty()) {
      throw new ValidationException("resources", "only an AGENT is assigned to resources");
    }
    this.resources = Collections.unmodifiableSet(new LinkedHashSet<>(b.resources));
    this.addresses = Collections.unmodifiableMap(new LinkedHashMap<>(b.addresses));
    this.kinds =
        Collections.unmodifiableSet(
            b.kinds.isEmpty() ? EnumSet.noneOf(MessageKind.class) : EnumSet.copyOf(b.kinds));
    this.locale = b.locale;
  }

  /**
   * A builder; the member starts with no addresses, every kind of notice but reminders, and the
   * English locale.
   *
   * @param tenant the tenant the member belongs to
   * @param id the member's id, unique in the tenant
   * @param role the member's role
   * @return a builder
   * @throws ValidationException if an argument is missing, blank or too long
   */
  public static Builder builder(TenantId tenant, String id, StaffRole role) {
    return new Builder(tenant, id, role);
  }

  /** {@return a builder holding this member} Use it to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder(tenant, id, role);
    b.name = name;
    b.resources.addAll(resources);
    b.addresses.putAll(addresses);
    b.kinds.clear();
    b.kinds.addAll(kinds);
    b.locale = locale;
    return b;
  }

  /** {@return the tenant the member belongs to} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the member's id, unique in the tenant} */
  public String id() {
    return id;
  }

  /** {@return the member's display name} */
  public String name() {
    return name;
  }

  /** {@return the member's role} */
  public StaffRole role() {
    return role;
  }

  /** {@return the resources an agent is assigned to, in the order given} Empty for others. */
  public Set<ResourceId> resources() {
    return resources;
  }

  /** {@return the address per channel id, in the order given} Unmodifiable. */
  public Map<String, String> addresses() {
    return addresses;
  }

  /**
   * The member's address on {@code channel}.
   *
   * @param channel the channel id
   * @return the address, or empty if the member has none there
   */
  public Optional<String> address(String channel) {
    return Optional.ofNullable(addresses.get(Checks.notNull(channel, "channel")));
  }

  /** {@return the kinds of notice the member wants} */
  public Set<MessageKind> kinds() {
    return kinds;
  }

  /** {@return the language of the member's messages} */
  public Locale locale() {
    return locale;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof StaffMember m
        && tenant.equals(m.tenant)
        && id.equals(m.id)
        && name.equals(m.name)
        && role == m.role
        && resources.equals(m.resources)
        && addresses.equals(m.addresses)
        && kinds.equals(m.kinds)
        && locale.equals(m.locale);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tenant, id, name, role, resources, addresses, kinds, locale);
  }

  /** {@return the member without its addresses, which are personal data} */
  @Override
  public String toString() {
    return "StaffMember{tenant="
        + tenant
        + ", id="
        + id
        + ", role="
        + role
        + ", resources="
        + resources
        + ", channels="
        + addresses.keySet()
        + ", kinds="
        + kinds
        + "}";
  }

  /** Collects a {@link StaffMember}. */
  public static final class Builder {
    private final TenantId tenant;
    private final String id;
    private final StaffRole role;
    private @Nullable String name;
    private final Set<ResourceId> resources = new LinkedHashSet<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final Set<MessageKind> kinds =
        EnumSet.of(MessageKind.CONFIRMATION, MessageKind.CANCELLATION, MessageKind.RESCHEDULE);
    private Locale locale = Locale.ENGLISH;

    private Builder(TenantId tenant, String id, StaffRole role) {
      this.tenant = Checks.notNull(tenant, "tenant");
      this.id = text(id, "id");
      this.role = Checks.notNull(role, "role");
    }

    private static String text(@Nullable String value, String field) {
      String v = Checks.noControlCharacters(Checks.notBlank(value, field), field);
      Checks.maxLength(v, MAX_LENGTH, field);
      return v;
    }

    /**
     * The display name; the id unless given.
     *
     * @param name the name
     * @return this builder
     * @throws ValidationException if it is blank or too long
     */
    public Builder name(String name) {
      this.name = text(name, "name");
      return this;
    }

    /**
     * Assigns the agent to {@code resource}; only for {@link StaffRole#AGENT}.
     *
     * @param resource a resource whose appointments the agent hears about
     * @return this builder
     * @throws ValidationException if it is null or the agent has too many resources
     */
    public Builder resource(ResourceId resource) {
      resources.add(Checks.notNull(resource, "resources[]"));
      if (resources.size() > MAX_RESOURCES) {
        throw new ValidationException("resources", "at most " + MAX_RESOURCES);
      }
      return this;
    }

    /**
     * The member's address on a channel; replaces an earlier one for that channel.
     *
     * @param channel the channel id, such as {@code "email"}
     * @param address the e-mail, E.164 phone or push external id
     * @return this builder
     * @throws ValidationException if either is blank or too long, or there are too many channels
     */
    public Builder address(String channel, String address) {
      addresses.put(text(channel, "addresses.channel"), text(address, "addresses.address"));
      if (addresses.size() > MAX_ADDRESSES) {
        throw new ValidationException("addresses", "at most " + MAX_ADDRESSES + " channels");
      }
      return this;
    }

    /**
     * The kinds of notice the member wants; replaces the earlier choice. None opts out of all.
     *
     * @param wanted the kinds
     * @return this builder
     * @throws ValidationException if one is null
     */
    public Builder kinds(MessageKind... wanted) {
      Checks.notNull(wanted, "kinds");
      kinds.clear();
      for (MessageKind k : wanted) {
        kinds.add(Checks.notNull(k, "kinds[]"));
      }
      return this;
    }

    /**
     * The language of the member's messages.
     *
     * @param locale the locale
     * @return this builder
     */
    public Builder locale(Locale locale) {
      this.locale = Checks.notNull(locale, "locale");
      return this;
    }

    /**
     * {@return the member}
     *
     * @throws ValidationException if a non-agent was given resources
     */
    public StaffMember build() {
      return new StaffMember(this);
    }
  }
}
