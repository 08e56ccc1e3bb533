package dev.cita.scheduling.webhook;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.Contract;
import dev.cita.scheduling.internal.LogSafe;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One provider's statement about one booking, in neutral terms: "booking {@code externalId} of
 * {@code tenant} is now {@code status}, from start to end, as of {@code occurredAt}". Adapters
 * build it from their payloads; {@link WebhookHandler} applies it to the local appointment.
 *
 * <p>Start and end are needed to create or move a booking; resource, type and attendee only to
 * create one Cita does not know yet. To revert a no-show, send the status to return to. A
 * reschedule that gives the booking a new provider id names the old one in {@link
 * #previousExternalId()}.
 *
 * <p>Limits, so that an event no store can hold is refused while it is read (a typed {@link
 * ValidationException}) instead of failing on every retry: provider ids of at most {@value
 * #MAX_EXTERNAL_ID} characters, times between the years 1 and 9999.
 */
public final class ProviderBookingEvent {
  /** The longest provider id an event may carry (the JDBC store's limit). */
  public static final int MAX_EXTERNAL_ID = 500;

  /** The earliest time an event may carry. */
  public static final Instant MIN_TIME = Instant.parse("0001-01-01T00:00:00Z");

  /** The latest time an event may carry (exclusive). */
  public static final Instant MAX_TIME = Instant.parse("9999-12-31T00:00:00Z");

  private final String provider;
  private final TenantId tenant;
  private final String externalId;
  private final @Nullable String previousExternalId;
  private final @Nullable AppointmentId appointmentId;
  private final @Nullable String tagSignature;
  private final AppointmentStatus status;
  private final @Nullable Instant start;
  private final Instant end;
  private final @Nullable Attendee attendee;
  private final @Nullable ResourceId resource;
  private final @Nullable AppointmentTypeId type;
  private final @Nullable ZoneId displayZone;
  private final Instant occurredAt;

  private ProviderBookingEvent(Builder b) {
    this.provider = Checks.notBlank(b.provider, "providerBookingEvent.provider");
    this.tenant = Checks.notNull(b.tenant, "providerBookingEvent.tenant");
    this.externalId =
        shortEnough(
            Checks.notBlank(b.externalId, "providerBookingEvent.externalId"),
            "providerBookingEvent.externalId");
    if (b.previousExternalId != null) {
      shortEnough(
          Checks.notBlank(b.previousExternalId, "providerBookingEvent.previousExternalId"),
          "providerBookingEvent.previousExternalId");
    }
    this.previousExternalId = b.previousExternalId;
    this.appointmentId = b.appointmentId;
    this.tagSignature = b.appointmentId == null ? null : b.tagSignature;
    this.status = Checks.notNull(b.status, "providerBookingEvent.status");
    if ((b.start == null) != (b.end == null)) {
      throw new ValidationException("providerBookingEvent.end", "start and end go together");
    }
    if (b.start != null && b.end != null && !b.end.isAfter(b.start)) {
      throw new ValidationException(
          "providerBookingEvent.end", "must be after start (" + b.start + "), was " + b.end);
    }
    inRange(b.start, "providerBookingEvent.start");
    inRange(b.end, "providerBookingEvent.end");
    this.start = b.start;
    this.end = b.end;
    this.attendee = b.attendee;
    this.resource = b.resource;
    this.type = b.type;
    this.displayZone = b.displayZone;
    this.occurredAt =
        inRange(
            Checks.notNull(b.occurredAt, "providerBookingEvent.occurredAt"),
            "providerBookingEvent.occurredAt");
  }

  private static String shortEnough(String id, String field) {
    if (id.length() > MAX_EXTERNAL_ID) {
      throw new ValidationException(
          field, "must be at most " + MAX_EXTERNAL_ID + " characters, was " + id.length());
    }
    return id;
  }

  @Contract("!null, _ -> !null")
  private static @Nullable Instant inRange(@Nullable Instant at, String field) {
    if (at != null && (at.isBefore(MIN_TIME) || !at.isBefore(MAX_TIME))) {
      throw new ValidationException(field, "must be between the years 1 and 9999");
    }
    return at;
  }

  /**
   * Starts an event with its required parts.
   *
   * @param provider the provider id, e.g. {@code "calcom"}
   * @param tenant the tenant the webhook is for
   * @param externalId the booking's id at the provider
   * @param status the booking's status as the provider states it
   * @param occurredAt when the change happened at the provider
   * @return a builder
   */
  public static Builder builder(
      String provider,
      TenantId tenant,
      String externalId,
      AppointmentStatus status,
      Instant occurredAt) {
    return new Builder()
        .provider(provider)
        .tenant(tenant)
        .externalId(externalId)
        .status(status)
        .occurredAt(occurredAt);
  }

  /** {@return the provider id, e.g. {@code "calcom"}} */
  public String provider() {
    return provider;
  }

  /** {@return the tenant the webhook endpoint or subscription belongs to} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the booking's id at the provider} */
  public String externalId() {
    return externalId;
  }

  /**
   * {@return the provider id the booking had before a reschedule gave it a new one} Empty when the
   * id did not change.
   */
  public Optional<String> previousExternalId() {
    return Optional.ofNullable(previousExternalId);
  }

  /**
   * Cita's own appointment id, when the provider's payload carries the tag Cita wrote on a booking
   * it made (Cal.com metadata, a Google private property). It links a webhook about a booking Cita
   * created to its appointment even before the sync worker recorded the provider's id, so the echo
   * of Cita's own write never becomes a second appointment.
   *
   * @return the tagged appointment id, or empty if the booking carries no Cita tag
   */
  public Optional<AppointmentId> appointmentId() {
    return Optional.ofNullable(appointmentId);
  }

  /**
   * The signature written next to Cita's tag ({@link AppointmentTagSigner}); the tag links the
   * event to {@link #appointmentId()} only when it verifies. Never logged.
   *
   * @return the signature, or empty if there is none
   */
  public Optional<String> tagSignature() {
    return Optional.ofNullable(tagSignature);
  }

  /** {@return the booking's status as the provider states it} */
  public AppointmentStatus status() {
    return status;
  }

  /** {@return the booking's start, when the payload gives it} */
  public Optional<Instant> start() {
    return Optional.ofNullable(start);
  }

  /**
   * {@return the booking's end, when the payload gives it; present exactly when {@link #start()}
   * is}
   */
  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** {@return the person the booking is for, when the payload names them} */
  public Optional<Attendee> attendee() {
    return Optional.ofNullable(attendee);
  }

  /** {@return the resource the booking is with, when the adapter could map it} */
  public Optional<ResourceId> resource() {
    return Optional.ofNullable(resource);
  }

  /** {@return the appointment type, when the adapter could map it} */
  public Optional<AppointmentTypeId> type() {
    return Optional.ofNullable(type);
  }

  /** {@return the zone to show a created appointment in; UTC when absent} */
  public Optional<ZoneId> displayZone() {
    return Optional.ofNullable(displayZone);
  }

  /** {@return when the change happened at the provider; orders events about one booking} */
  public Instant occurredAt() {
    return occurredAt;
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ProviderBookingEvent)) {
      return false;
    }
    ProviderBookingEvent e = (ProviderBookingEvent) o;
    return provider.equals(e.provider)
        && tenant.equals(e.tenant)
        && externalId.equals(e.externalId)
        && Objects.equals(previousExternalId, e.previousExternalId)
        && Objects.equals(appointmentId, e.appointmentId)
        && Objects.equals(tagSignature, e.tagSignature)
        && status == e.status
        && Objects.equals(start, e.start)
        && Objects.equals(end, e.end)
        && Objects.equals(attendee, e.attendee)
        && Objects.equals(resource, e.resource)
        && Objects.equals(type, e.type)
        && Objects.equals(displayZone, e.displayZone)
        && occurredAt.equals(e.occurredAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(provider, tenant, externalId, status, occurredAt);
  }

  @Override
  public String toString() {
    // Ids from the provider's body: escaped, since this text is logged.
    return "ProviderBookingEvent{"
        + provider
        + ":"
        + LogSafe.escape(externalId)
        + (previousExternalId == null ? "" : " (was " + LogSafe.escape(previousExternalId) + ")")
        + ", tenant="
        + tenant
        + ", "
        + status
        + (start == null ? "" : ", " + start + ".." + end)
        + ", at "
        + occurredAt
        + "}";
  }

  /** Collects the fields of a {@link ProviderBookingEvent}; {@link #build()} validates them. */
  public static final class Builder {
    private @Nullable String provider;
    private @Nullable TenantId tenant;
    private @Nullable String externalId;
    private @Nullable String previousExternalId;
    private @Nullable AppointmentId appointmentId;
    private @Nullable String tagSignature;
    private @Nullable AppointmentStatus status;
    private @Nullable Instant start;
    private @Nullable Instant end;
    private @Nullable Attendee attendee;
    private @Nullable ResourceId resource;
    private @Nullable AppointmentTypeId type;
    private @Nullable ZoneId displayZone;
    private @Nullable Instant occurredAt;

    private Builder() {}

    /**
     * Sets the provider id (required).
     *
     * @param provider not blank
     * @return this builder
     */
    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    /**
     * Sets the tenant (required).
     *
     * @param tenant the tenant
     * @return this builder
     */
    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the booking's id at the provider (required).
     *
     * @param externalId not blank, at most {@value ProviderBookingEvent#MAX_EXTERNAL_ID} characters
     * @return this builder
     */
    public Builder externalId(String externalId) {
      this.externalId = externalId;
      return this;
    }

    /**
     * Sets the provider id the booking had before a reschedule gave it a new one.
     *
     * @param previousExternalId the old id; {@code null} for none
     * @return this builder
     */
    public Builder previousExternalId(@Nullable String previousExternalId) {
      this.previousExternalId = previousExternalId;
      return this;
    }

    /**
     * Cita's appointment id, read from the tag Cita wrote on the booking.
     *
     * @param appointmentId the tagged id; {@code null} for none
     * @return this builder
     */
    public Builder appointmentId(@Nullable AppointmentId appointmentId) {
      this.appointmentId = appointmentId;
      return this;
    }

    /**
     * The signature read next to Cita's tag, if the booking carries one.
     *
     * @param tagSignature the signature; {@code null} for none (ignored without an appointment id)
     * @return this builder
     */
    public Builder tagSignature(@Nullable String tagSignature) {
      this.tagSignature = tagSignature;
      return this;
    }

    /**
     * Sets the booking's status as the provider states it (required).
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(AppointmentStatus status) {
      this.status = status;
      return this;
    }

    /**
     * The booking's time; both or neither.
     *
     * @param start the booking's start, or {@code null} with {@code end}
     * @param end the booking's end, after {@code start}
     * @return this builder
     */
    public Builder time(Instant start, Instant end) {
      this.start = start;
      this.end = end;
      return this;
    }

    /**
     * Sets the person the booking is for; needed only to create an appointment Cita does not know.
     *
     * @param attendee the attendee
     * @return this builder
     */
    public Builder attendee(Attendee attendee) {
      this.attendee = attendee;
      return this;
    }

    /**
     * Sets the resource the booking is with; needed only to create an appointment Cita does not
     * know.
     *
     * @param resource the resource
     * @return this builder
     */
    public Builder resource(ResourceId resource) {
      this.resource = resource;
      return this;
    }

    /**
     * Sets the appointment type; needed only to create an appointment Cita does not know.
     *
     * @param type the type
     * @return this builder
     */
    public Builder type(AppointmentTypeId type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the zone to show a created appointment in; UTC when not set.
     *
     * @param displayZone the zone
     * @return this builder
     */
    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = displayZone;
      return this;
    }

    /**
     * Sets when the change happened at the provider (required).
     *
     * @param occurredAt the provider's event time
     * @return this builder
     */
    public Builder occurredAt(Instant occurredAt) {
      this.occurredAt = occurredAt;
      return this;
    }

    /**
     * Validates the fields and builds the event.
     *
     * @return the event
     * @throws ValidationException naming the first missing or invalid field: an id too long, a time
     *     out of range, or only one of start and end
     */
    public ProviderBookingEvent build() {
      return new ProviderBookingEvent(this);
    }
  }
}
