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
 * What to book: a resource, an appointment type, a start instant and the attendee, plus an
 * optional idempotency key that makes a retried request return the first result.
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
    this.location = Checks.maxLength(b.location, Appointment.MAX_LOCATION_LENGTH, "booking.location");
    this.notes = Checks.maxLength(b.notes, Appointment.MAX_NOTES_LENGTH, "booking.notes");
    if (b.idempotencyKey != null) {
      Checks.notBlank(b.idempotencyKey, "idempotencyKey");
      Checks.maxLength(b.idempotencyKey, Appointment.MAX_IDEMPOTENCY_KEY_LENGTH, "idempotencyKey");
    }
    this.idempotencyKey = b.idempotencyKey;
    this.needsApproval = b.needsApproval;
  }

  public static Builder builder(TenantId tenant, ResourceId resource, AppointmentTypeId type,
      Instant start, Attendee attendee) {
    Builder b = new Builder();
    b.tenant = tenant;
    b.resource = resource;
    b.type = type;
    b.start = start;
    b.attendee = attendee;
    return b;
  }

  public TenantId tenant() {
    return tenant;
  }

  public ResourceId resource() {
    return resource;
  }

  public AppointmentTypeId type() {
    return type;
  }

  public Instant start() {
    return start;
  }

  public Attendee attendee() {
    return attendee;
  }

  /** The zone to show the appointment in; the resource's zone when absent. */
  public Optional<ZoneId> displayZone() {
    return Optional.ofNullable(displayZone);
  }

  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** True when the appointment starts as REQUESTED and waits for the host's approval. */
  public boolean needsApproval() {
    return needsApproval;
  }

  @Override
  public String toString() {
    return "BookingRequest{tenant=" + tenant + ", resource=" + resource + ", type=" + type
        + ", start=" + start + ", " + attendee + "}";
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

    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = displayZone;
      return this;
    }

    public Builder location(String location) {
      this.location = location;
      return this;
    }

    public Builder notes(String notes) {
      this.notes = notes;
      return this;
    }

    /** The same key with the same request returns the first result; with another request it fails. */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** Books the appointment as REQUESTED, to be approved by the host. */
    public Builder needsApproval(boolean needsApproval) {
      this.needsApproval = needsApproval;
      return this;
    }

    public BookingRequest build() {
      return new BookingRequest(this);
    }
  }
}
