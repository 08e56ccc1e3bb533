package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import java.time.Instant;

/**
 * One push channel (a subscription to changes) that a provider keeps open on a resource's calendar,
 * such as a Google {@code events.watch} channel or a Microsoft Graph subscription: the id Cita
 * chose, the id the provider gave the watched resource (needed to stop it), the secret the provider
 * echoes in every notification, when it expires, and the calendar it watches. {@link #toString()}
 * hides the token; a store keeps it as it keeps other secrets.
 *
 * @param id the channel id Cita chose, unique per provider
 * @param providerResourceId the id the provider returned for the watched resource
 * @param verificationToken the secret the provider echoes in each notification
 * @param expiresAt when the provider stops sending notifications on it
 * @param calendar the resource and calendar it watches; its connection names the provider
 */
public record PushChannel(
    String id,
    String providerResourceId,
    String verificationToken,
    Instant expiresAt,
    ResourceCalendar calendar) {
  /** The longest channel id, provider resource id or token, in characters. */
  public static final int MAX_ID_LENGTH = 500;

  /**
   * Checks that no component is null or blank, and that none is too long.
   *
   * @param id the channel id Cita chose
   * @param providerResourceId the id the provider returned for the watched resource
   * @param verificationToken the secret the provider echoes in each notification
   * @param expiresAt when the provider stops sending notifications on it
   * @param calendar the resource and calendar it watches
   * @throws dev.cita.scheduling.ValidationException naming the component that is missing, blank or
   *     longer than {@value #MAX_ID_LENGTH} characters
   */
  public PushChannel {
    Checks.maxLength(Checks.notBlank(id, "channel.id"), MAX_ID_LENGTH, "channel.id");
    Checks.maxLength(
        Checks.notBlank(providerResourceId, "channel.resourceId"),
        MAX_ID_LENGTH,
        "channel.resourceId");
    Checks.maxLength(
        Checks.notBlank(verificationToken, "channel.token"), MAX_ID_LENGTH, "channel.token");
    Checks.notNull(expiresAt, "channel.expiresAt");
    Checks.notNull(calendar, "channel.calendar");
  }

  /** {@return the provider that keeps the channel, the calendar connection's} */
  public String provider() {
    return calendar.provider();
  }

  @Override
  public String toString() {
    return "PushChannel{provider="
        + provider()
        + ", id="
        + id
        + ", resourceId="
        + providerResourceId
        + ", token=[redacted], expiresAt="
        + expiresAt
        + ", tenant="
        + calendar.tenant()
        + ", resource="
        + calendar.resource()
        + ", calendar="
        + calendar.calendarId()
        + "}";
  }
}
