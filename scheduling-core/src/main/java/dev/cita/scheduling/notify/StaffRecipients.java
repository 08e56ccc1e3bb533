package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Decides which staff members hear about an appointment event, on which channels. A pure function:
 * no I/O, the same answer for the same input.
 *
 * <p>The rules, in order:
 *
 * <ol>
 *   <li>Only members of the event's tenant count.
 *   <li>{@link StaffRole#OWNER} and {@link StaffRole#ADMIN} hear about every appointment; an {@link
 *       StaffRole#AGENT} only about appointments of a resource they are assigned to.
 *   <li>A member hears only about the {@linkplain StaffMember#kinds() kinds} they opted into.
 *   <li>A channel is used when the member has an address on it and the tenant's {@link
 *       NotificationPreferences#channels()} allow it (empty allows every channel).
 *   <li>When the appointment came from a provider (a Cal.com or Calendly webhook) that already
 *       notifies the staff on some channels ({@link
 *       NotificationPreferences#staffChannelsNotifiedBy(String)}), those channels are left out; the
 *       others still carry the notice.
 *   <li>Nobody gets the same notice twice: one delivery per (channel, address), whichever member
 *       rows share it; the first member in list order keeps it.
 * </ol>
 *
 * The tenant's {@link NotificationPreferences#recipients(MessageKind)} rule the customer and the
 * single {@code agent}/{@code owner} contacts of {@link BookingNotifier}; staff members carry their
 * own per-kind choices instead.
 */
public final class StaffRecipients {
  private StaffRecipients() {}

  /**
   * What happened to an appointment, as far as staff notices care.
   *
   * @param tenant the appointment's tenant
   * @param appointment the appointment's id
   * @param version the appointment's version after the change
   * @param resource the resource whose time it is
   * @param kind the notice
   * @param originProvider the provider the change came from (such as {@code "calcom"}), or null if
   *     it was made in Cita
   */
  public record Event(
      TenantId tenant,
      AppointmentId appointment,
      long version,
      ResourceId resource,
      MessageKind kind,
      @Nullable String originProvider) {
    /**
     * Checks the fields.
     *
     * @param tenant the appointment's tenant
     * @param appointment the appointment's id
     * @param version the appointment's version after the change
     * @param resource the resource whose time it is
     * @param kind the notice
     * @param originProvider the provider the change came from, or null if made in Cita
     * @throws dev.cita.scheduling.ValidationException if one is missing or the provider is blank
     */
    public Event {
      Checks.notNull(tenant, "tenant");
      Checks.notNull(appointment, "appointment");
      Checks.notNull(resource, "resource");
      Checks.notNull(kind, "kind");
      if (originProvider != null) {
        Checks.notBlank(originProvider, "originProvider");
      }
    }

    /**
     * An event for a change made in Cita.
     *
     * @param appointment the appointment after the change
     * @param kind the notice
     * @return the event
     */
    public static Event of(Appointment appointment, MessageKind kind) {
      Checks.notNull(appointment, "appointment");
      return new Event(
          appointment.tenant(),
          appointment.id(),
          appointment.version(),
          appointment.resource(),
          kind,
          null);
    }

    /**
     * The same event, said to come from {@code provider}'s webhook.
     *
     * @param provider the provider id, such as {@code "calcom"}
     * @return the changed event
     */
    public Event fromProvider(String provider) {
      return new Event(tenant, appointment, version, resource, kind, provider);
    }

    /** {@return the provider the change came from} Empty if it was made in Cita. */
    public Optional<String> origin() {
      return Optional.ofNullable(originProvider);
    }
  }

  /**
   * One notice to send: to whom, on which channel, at which address.
   *
   * @param member the staff member
   * @param channel the channel id
   * @param address the member's address on that channel
   * @param kind the notice
   * @param key a stable key for (appointment, version, kind, channel, member), to send it once
   */
  public record Delivery(
      StaffMember member, String channel, String address, MessageKind kind, String key) {
    /**
     * Checks the fields.
     *
     * @param member the staff member
     * @param channel the channel id
     * @param address the member's address on that channel
     * @param kind the notice
     * @param key a stable key for (appointment, version, kind, channel, member)
     * @throws dev.cita.scheduling.ValidationException if one is missing
     */
    public Delivery {
      Checks.notNull(member, "member");
      Checks.notNull(channel, "channel");
      Checks.notNull(address, "address");
      Checks.notNull(kind, "kind");
      Checks.notNull(key, "key");
    }

    /** {@return the delivery without the address, which is personal data} */
    @Override
    public String toString() {
      return "Delivery{member=" + member.id() + ", channel=" + channel + ", kind=" + kind + "}";
    }
  }

  /**
   * Who hears about {@code event}, on which channels.
   *
   * @param event what happened
   * @param staff the tenant's members, as {@link dev.cita.scheduling.spi.StaffStore#list} gives
   *     them
   * @param preferences the tenant's preferences
   * @return the deliveries, in member then address order; empty if nobody
   */
  public static List<Delivery> resolve(
      Event event, List<StaffMember> staff, NotificationPreferences preferences) {
    Checks.notNull(event, "event");
    Checks.notNull(staff, "staff");
    Checks.notNull(preferences, "preferences");
    Set<String> providerCovers =
        event.origin().map(preferences::staffChannelsNotifiedBy).orElse(Set.of());
    Set<String> seen = new HashSet<>();
    List<Delivery> out = new ArrayList<>();
    for (StaffMember m : staff) {
      if (!m.tenant().equals(event.tenant()) || !concerns(m, event)) {
        continue;
      }
      m.addresses()
          .forEach(
              (channel, address) -> {
                if (allowed(preferences, channel)
                    && !providerCovers.contains(channel)
                    && seen.add(channel + '\n' + normalized(address))) {
                  out.add(new Delivery(m, channel, address, event.kind(), key(event, channel, m)));
                }
              });
    }
    return List.copyOf(out);
  }

  private static boolean concerns(StaffMember m, Event event) {
    if (!m.kinds().contains(event.kind())) {
      return false;
    }
    return m.role() != StaffRole.AGENT || m.resources().contains(event.resource());
  }

  private static boolean allowed(NotificationPreferences preferences, String channel) {
    return preferences.channels().isEmpty() || preferences.channels().contains(channel);
  }

  /** E-mail addresses differ only in case; phones and push ids are compared as they are. */
  private static String normalized(String address) {
    String a = address.strip();
    return a.indexOf('@') >= 0 ? a.toLowerCase(Locale.ROOT) : a;
  }

  private static String key(Event event, String channel, StaffMember m) {
    return "staff:"
        + event.appointment().value()
        + ':'
        + event.version()
        + ':'
        + event.kind()
        + ':'
        + channel
        + ':'
        + m.id();
  }
}
