package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What to book: a resource, an appointment type, a start instant and the attendee, plus an optional
 * idempotency key that makes a retried request return the first result.
 *
 * <pre>{@code
 * BookingRequest request = BookingRequest.builder(tenant, resource, consult, slot.start(), attendee)
 *     .idempotencyKey("whatsapp-msg-SM123")
 *     .build();
 * }</pre>
 */
public final class BookingRequest {
  private final TenantId tenant;
  private final ResourceId resource;
  private final AppointmentTypeId type;
  private final Instant start;
  private final Attendee attendee;
  private final @Nullable ZoneId displayZone;
  private final @Nullable String location;
  private final @Nullable String notes;
  private final @Nullable String idempotencyKey;
  private final boolean needsApproval;

  private BookingRequest(Builder b) {
    this.tenant = Checks.notNull(b.tenant, "booking.tenant");
    this.resource = Checks.notNull(b.resource, "booking.resource");
    this.type = Checks.notNull(b.type, "booking.type");
    this.start = Checks.notNull(b.start, "booking.start");
    this.attendee = Checks.notNull(b.attendee, "booking.attendee");
    this.displayZone = b.displayZone;
    this.location =
        Checks.maxLength(b.location, Appointment.MAX_LOCATION_LENGTH, "booking.location");
    this.notes = Checks.maxLength(b.notes, Appointment.MAX_NOTES_LENGTH, "booking.notes");
    if (b.idempotencyKey != null) {
      Checks.notBlank(b.idempotencyKey, "idempotencyKey");
      Checks.maxLength(b.idempotencyKey, Appointment.MAX_IDEMPOTENCY_KEY_LENGTH, "idempotencyKey");
    }
    this.idempotencyKey = b.idempotencyKey;
    this.needsApproval = b.needsApproval;
  }

  /**
   * Starts a request with the required fields; {@link Builder#build()} checks them.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource to book
   * @param type the appointment type, which sets the duration and rules
   * @param start the chosen slot's start, usually {@link
   *     dev.cita.scheduling.model.TimeSlot#start()}
   * @param attendee the person the appointment is for
   * @return a builder
   */
  public static Builder builder(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      Instant start,
      Attendee attendee) {
    Builder b = new Builder();
    b.tenant = tenant;
    b.resource = resource;
    b.type = type;
    b.start = start;
    b.attendee = attendee;
    return b;
  }

  /** {@return the tenant that owns the resource} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the resource to book} */
  public ResourceId resource() {
    return resource;
  }

  /** {@return the appointment type, which sets the duration, buffers and rules} */
  public AppointmentTypeId type() {
    return type;
  }

  /** {@return the requested start; the end follows from the type's duration} */
  public Instant start() {
    return start;
  }

  /** {@return the person the appointment is for} */
  public Attendee attendee() {
    return attendee;
  }

  /** {@return the zone to show the appointment in; the resource's zone when absent} */
  public Optional<ZoneId> displayZone() {
    return Optional.ofNullable(displayZone);
  }

  /** {@return where it takes place (address, phone or link), or empty if not given} */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** {@return free-text notes for the appointment, or empty if not given} */
  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  /**
   * {@return the caller's idempotency key, or empty when retries need not be recognised} See {@link
   * BookingService#book}.
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** {@return true when the appointment starts as REQUESTED and waits for the host's approval} */
  public boolean needsApproval() {
    return needsApproval;
  }

  /**
   * This request moved to another start, with another idempotency key (an occurrence of a series).
   */
  BookingRequest occurrence(Instant start, @Nullable String idempotencyKey) {
    Builder b = builder(tenant, resource, type, start, attendee);
    b.displayZone = displayZone;
    b.location = location;
    b.notes = notes;
    b.idempotencyKey = idempotencyKey;
    b.needsApproval = needsApproval;
    return b.build();
  }

  @Override
  public String toString() {
    return "BookingRequest{tenant="
        + tenant
        + ", resource="
        + resource
        + ", type="
        + type
        + ", start="
        + start
        + ", "
        + attendee
        + "}";
  }

  /** Collects a {@link BookingRequest}; {@link #build()} validates it. */
  public static final class Builder {
    private @Nullable TenantId tenant;
    private @Nullable ResourceId resource;
    private @Nullable AppointmentTypeId type;
    private @Nullable Instant start;
    private @Nullable Attendee attendee;
    private @Nullable ZoneId displayZone;
    private @Nullable String location;
    private @Nullable String notes;
    private @Nullable String idempotencyKey;
    private boolean needsApproval;

    private Builder() {}

    /**
     * Sets the zone to show the appointment in; by default the resource's zone.
     *
     * @param displayZone the display zone; {@code null} for the resource's
     * @return this builder
     */
    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = displayZone;
      return this;
    }

    /**
     * Sets where it takes place, at most {@value Appointment#MAX_LOCATION_LENGTH} characters.
     *
     * @param location free text; {@code null} for none
     * @return this builder
     */
    public Builder location(String location) {
      this.location = location;
      return this;
    }

    /**
     * Sets free-text notes, at most {@value Appointment#MAX_NOTES_LENGTH} characters.
     *
     * @param notes the notes; {@code null} for none
     * @return this builder
     */
    public Builder notes(String notes) {
      this.notes = notes;
      return this;
    }

    /**
     * The same key with the same request returns the first result; with another request it fails.
     *
     * @param idempotencyKey not blank, at most {@value Appointment#MAX_IDEMPOTENCY_KEY_LENGTH}
     *     characters, such as the id of the chat message that asked; {@code null} for none
     * @return this builder
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * Books the appointment as REQUESTED, to be approved by the host.
     *
     * @param needsApproval true to wait for the host's approval; false (default) to book directly
     * @return this builder
     */
    public Builder needsApproval(boolean needsApproval) {
      this.needsApproval = needsApproval;
      return this;
    }

    /**
     * Validates the fields and builds the request.
     *
     * @return the request
     * @throws ValidationException naming the first missing or invalid field
     */
    public BookingRequest build() {
      return new BookingRequest(this);
    }
  }
}
