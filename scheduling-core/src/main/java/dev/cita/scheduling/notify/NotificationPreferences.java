package dev.cita.scheduling.notify;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One tenant's choices about notifications: who hears about each {@link MessageKind}, through which
 * channels, the agents' and the owner's contact details, and which channels to leave out for the
 * customer when the connected calendar provider already notifies them. Immutable.
 *
 * <pre>{@code
 * NotificationPreferences prefs = NotificationPreferences.builder()
 *     .recipients(MessageKind.CONFIRMATION, RecipientKind.CUSTOMER, RecipientKind.AGENT, RecipientKind.OWNER)
 *     .channels("whatsapp", "email")
 *     .agent(ResourceId.of("dra-ana"), Attendee.builder("Ana Soto").phone("+56911112222").build())
 *     .owner(Attendee.builder("Clínica Norte").email("admin@norte.cl").build())
 *     .providerNotifiesAttendee(true)
 *     .skipChannelsWhenProviderNotifies("email")
 *     .build();
 * }</pre>
 *
 * Contacts are {@link Attendee} values (name, e-mail, E.164 phone, locale): the same checks, the
 * same masking in logs, and the locale decides the language of the agent's or owner's messages.
 */
public final class NotificationPreferences {
  private static final NotificationPreferences DEFAULTS = builder().build();

  private final Map<MessageKind, Set<RecipientKind>> recipients;
  private final List<String> channels;
  private final Map<ResourceId, Attendee> agents;
  private final @Nullable Attendee owner;
  private final boolean providerNotifiesAttendee;
  private final Set<String> skipChannelsWhenProviderNotifies;
  private final Map<String, Set<String>> staffChannelsNotifiedByProvider;

  private NotificationPreferences(Builder b) {
    Map<MessageKind, Set<RecipientKind>> r = new EnumMap<>(MessageKind.class);
    // A notice nobody hears is kept as no entry, so "off" compares equal however it was said.
    b.recipients.forEach(
        (k, v) -> {
          if (!v.isEmpty()) {
            r.put(k, Collections.unmodifiableSet(EnumSet.copyOf(v)));
          }
        });
    this.recipients = Collections.unmodifiableMap(r);
    this.channels = List.copyOf(b.channels);
    this.agents = Map.copyOf(b.agents);
    this.owner = b.owner;
    this.providerNotifiesAttendee = b.providerNotifiesAttendee;
    this.skipChannelsWhenProviderNotifies = Set.copyOf(b.skip);
    Map<String, Set<String>> staff = new java.util.TreeMap<>();
    b.staffSkip.forEach(
        (k, v) -> staff.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
    this.staffChannelsNotifiedByProvider = Collections.unmodifiableMap(staff);
  }

  /**
   * The defaults: confirmation, cancellation and reschedule notices to the customer and the
   * assigned agent; reminders to the customer only; every registered channel; no contacts.
   *
   * @return the default preferences
   */
  public static NotificationPreferences defaults() {
    return DEFAULTS;
  }

  /** {@return a builder starting from the {@linkplain #defaults() defaults}} */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding these preferences} Use it to make a changed copy. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.recipients.clear();
    recipients.forEach(
        (k, v) ->
            b.recipients.put(
                k, v.isEmpty() ? EnumSet.noneOf(RecipientKind.class) : EnumSet.copyOf(v)));
    b.channels.addAll(channels);
    b.agents.putAll(agents);
    b.owner = owner;
    b.providerNotifiesAttendee = providerNotifiesAttendee;
    b.skip.addAll(skipChannelsWhenProviderNotifies);
    staffChannelsNotifiedByProvider.forEach((k, v) -> b.staffSkip.put(k, new LinkedHashSet<>(v)));
    return b;
  }

  /**
   * Who hears about {@code kind}; empty means nobody (the notice is off).
   *
   * @param kind the notice
   * @return the recipients; empty if the notice is off
   */
  public Set<RecipientKind> recipients(MessageKind kind) {
    return recipients.getOrDefault(Checks.notNull(kind, "kind"), Set.of());
  }

  /**
   * {@return the channel ids to use, in order; empty means every channel registered with the
   * sender}
   */
  public List<String> channels() {
    return channels;
  }

  /**
   * The contact of the agent whose time is {@code resource}.
   *
   * @param resource the resource
   * @return the agent's contact, or empty if none was given
   */
  public Optional<Attendee> agent(ResourceId resource) {
    return Optional.ofNullable(agents.get(Checks.notNull(resource, "resource")));
  }

  /**
   * {@return every resource's agent contact, for stores that persist the preferences} Unmodifiable.
   */
  public Map<ResourceId, Attendee> agents() {
    return java.util.Collections.unmodifiableMap(agents);
  }

  /** {@return the owner's or administrator's contact} Empty if none was given. */
  public Optional<Attendee> owner() {
    return Optional.ofNullable(owner);
  }

  /**
   * {@return true when the tenant's connected calendar provider sends the attendee its own notices}
   */
  public boolean providerNotifiesAttendee() {
    return providerNotifiesAttendee;
  }

  /** {@return channels left out for the customer when {@link #providerNotifiesAttendee()}} */
  public Set<String> skipChannelsWhenProviderNotifies() {
    return skipChannelsWhenProviderNotifies;
  }

  /**
   * The channels on which {@code provider} already notifies the tenant's staff about bookings made
   * on it (for example Cal.com e-mails the host): Cita leaves those channels out for the staff when
   * the appointment came from that provider, and still uses the others (such as push).
   *
   * @param provider the provider id, such as {@code "calcom"}
   * @return the channel ids; empty if the provider notifies the staff on none
   */
  public Set<String> staffChannelsNotifiedBy(String provider) {
    return staffChannelsNotifiedByProvider.getOrDefault(
        Checks.notNull(provider, "provider"), Set.of());
  }

  /**
   * {@return every provider's {@linkplain #staffChannelsNotifiedBy(String) staff channels}, for
   * stores that persist the preferences} Unmodifiable, ordered by provider.
   */
  public Map<String, Set<String>> staffChannelsNotifiedByProvider() {
    return staffChannelsNotifiedByProvider;
  }

  /**
   * True when {@code channel} should carry messages to {@code recipient}.
   *
   * @param channel the channel id
   * @param recipient who the message is for
   * @return whether the channel is chosen and not skipped for that recipient
   */
  public boolean uses(String channel, RecipientKind recipient) {
    if (!channels.isEmpty() && !channels.contains(channel)) {
      return false;
    }
    return !(recipient == RecipientKind.CUSTOMER
        && providerNotifiesAttendee
        && skipChannelsWhenProviderNotifies.contains(channel));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NotificationPreferences p
        && recipients.equals(p.recipients)
        && channels.equals(p.channels)
        && agents.equals(p.agents)
        && java.util.Objects.equals(owner, p.owner)
        && providerNotifiesAttendee == p.providerNotifiesAttendee
        && skipChannelsWhenProviderNotifies.equals(p.skipChannelsWhenProviderNotifies)
        && staffChannelsNotifiedByProvider.equals(p.staffChannelsNotifiedByProvider);
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(
        recipients,
        channels,
        agents,
        owner,
        providerNotifiesAttendee,
        skipChannelsWhenProviderNotifies,
        staffChannelsNotifiedByProvider);
  }

  @Override
  public String toString() {
    return "NotificationPreferences{recipients="
        + recipients
        + ", channels="
        + (channels.isEmpty() ? "all" : channels)
        + ", agents="
        + agents.keySet()
        + ", owner="
        + (owner != null)
        + ", providerNotifiesAttendee="
        + providerNotifiesAttendee
        + ", skip="
        + skipChannelsWhenProviderNotifies
        + ", staffNotifiedBy="
        + staffChannelsNotifiedByProvider
        + "}";
  }

  /** Collects a tenant's preferences; starts from the {@linkplain #defaults() defaults}. */
  public static final class Builder {
    private final Map<MessageKind, Set<RecipientKind>> recipients =
        new EnumMap<>(MessageKind.class);
    private final Set<String> channels = new LinkedHashSet<>();
    private final Map<ResourceId, Attendee> agents = new HashMap<>();
    private @Nullable Attendee owner;
    private boolean providerNotifiesAttendee;
    private final Set<String> skip = new LinkedHashSet<>();
    private final Map<String, Set<String>> staffSkip = new HashMap<>();

    private Builder() {
      EnumSet<RecipientKind> customerAndAgent =
          EnumSet.of(RecipientKind.CUSTOMER, RecipientKind.AGENT);
      recipients.put(MessageKind.CONFIRMATION, EnumSet.copyOf(customerAndAgent));
      recipients.put(MessageKind.CANCELLATION, EnumSet.copyOf(customerAndAgent));
      recipients.put(MessageKind.RESCHEDULE, EnumSet.copyOf(customerAndAgent));
      recipients.put(MessageKind.REMINDER, EnumSet.of(RecipientKind.CUSTOMER));
    }

    /**
     * Who hears about {@code kind}; replaces the earlier choice. No recipients turns it off.
     *
     * @param kind the notice
     * @param who its recipients; none to turn it off
     * @return this builder
     */
    public Builder recipients(MessageKind kind, RecipientKind... who) {
      Checks.notNull(kind, "kind");
      Checks.notNull(who, "recipients");
      EnumSet<RecipientKind> set = EnumSet.noneOf(RecipientKind.class);
      for (RecipientKind r : who) {
        set.add(Checks.notNull(r, "recipients[]"));
      }
      recipients.put(kind, set);
      return this;
    }

    /**
     * The channels to use, in order; replaces the earlier list. None means every registered
     * channel.
     *
     * @param ids the channel ids, such as {@code "whatsapp"}, each once
     * @return this builder
     * @throws dev.cita.scheduling.ValidationException if an id is blank or listed twice
     */
    public Builder channels(String... ids) {
      Checks.notNull(ids, "channels");
      channels.clear();
      for (String id : ids) {
        if (!channels.add(Checks.notBlank(id, "channels[]"))) {
          throw new ValidationException("channels", "lists '" + id + "' twice");
        }
      }
      return this;
    }

    /**
     * The contact of the agent whose time is {@code resource}.
     *
     * @param resource the resource whose agent it is
     * @param contact the agent's name, phone or e-mail and locale
     * @return this builder
     */
    public Builder agent(ResourceId resource, Attendee contact) {
      agents.put(
          Checks.notNull(resource, "agent.resource"), Checks.notNull(contact, "agent.contact"));
      return this;
    }

    /**
     * The owner's or administrator's contact.
     *
     * @param contact the owner's name, phone or e-mail and locale
     * @return this builder
     */
    public Builder owner(Attendee contact) {
      this.owner = Checks.notNull(contact, "owner");
      return this;
    }

    /**
     * Says that the connected calendar provider already sends the attendee its own notices.
     *
     * @param notifies true if the provider notifies the attendee
     * @return this builder
     */
    public Builder providerNotifiesAttendee(boolean notifies) {
      this.providerNotifiesAttendee = notifies;
      return this;
    }

    /**
     * Channels left out for the customer when the provider notifies (typically {@code "email"}).
     *
     * @param ids the channel ids to skip; replaces the earlier list
     * @return this builder
     */
    public Builder skipChannelsWhenProviderNotifies(String... ids) {
      Checks.notNull(ids, "skipChannelsWhenProviderNotifies");
      skip.clear();
      for (String id : ids) {
        skip.add(Checks.notBlank(id, "skipChannelsWhenProviderNotifies[]"));
      }
      return this;
    }

    /**
     * Says on which channels {@code provider} already notifies the staff about bookings made on it
     * (for example {@code providerNotifiesStaff("calcom", "email")}: Cal.com e-mails the host, so
     * Cita sends no staff e-mail for those bookings but still sends push). Replaces the earlier
     * choice for that provider; no channels removes it.
     *
     * @param provider the provider id, as in {@code Appointment.externalRefs()}
     * @param channelIds the channel ids the provider already covers
     * @return this builder
     * @throws ValidationException if the provider or a channel id is blank
     */
    public Builder providerNotifiesStaff(String provider, String... channelIds) {
      String p = Checks.notBlank(provider, "providerNotifiesStaff.provider");
      Checks.notNull(channelIds, "providerNotifiesStaff.channels");
      Set<String> set = new LinkedHashSet<>();
      for (String id : channelIds) {
        set.add(Checks.notBlank(id, "providerNotifiesStaff.channels[]"));
      }
      if (set.isEmpty()) {
        staffSkip.remove(p);
      } else {
        staffSkip.put(p, set);
      }
      return this;
    }

    /** {@return the preferences, immutable} */
    public NotificationPreferences build() {
      return new NotificationPreferences(this);
    }
  }
}
