package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A booked appointment: who, with which resource, when ({@code [start, end)} as instants, shown in
 * {@link #displayZone()}), its status and its references at external providers. Immutable; changes
 * produce a copy through {@link #toBuilder()}. The buffers of its type are copied in when it is
 * booked, so later edits to the type do not move the gaps around existing appointments.
 */
public final class Appointment {
  /** The longest location, in characters. */
  public static final int MAX_LOCATION_LENGTH = 500;
  /** The longest notes, in characters. */
  public static final int MAX_NOTES_LENGTH = 2000;
  /** The longest idempotency key, in characters. */
  public static final int MAX_IDEMPOTENCY_KEY_LENGTH = 255;
  private final AppointmentId id;
  private final TenantId tenant;
  private final ResourceId resource;
  private final AppointmentTypeId type;
  private final Attendee attendee;
  private final Instant start;
  private final Instant end;
  private final Duration bufferBefore;
  private final Duration bufferAfter;
  private final ZoneId displayZone;
  private final AppointmentStatus status;
  private final @Nullable String location;
  private final @Nullable String notes;
  private final Map<String, String> externalRefs;
  private final long version;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final @Nullable String idempotencyKey;
  private final @Nullable Instant providerEventAt;

  private Appointment(Builder b) {
    this.id = Checks.notNull(b.id, "appointment.id");
    this.tenant = Checks.notNull(b.tenant, "appointment.tenant");
    this.resource = Checks.notNull(b.resource, "appointment.resource");
    this.type = Checks.notNull(b.type, "appointment.type");
    this.attendee = Checks.notNull(b.attendee, "appointment.attendee");
    this.start = Checks.notNull(b.start, "appointment.start");
    this.end = Checks.notNull(b.end, "appointment.end");
    if (!end.isAfter(start)) {
      throw new ValidationException("appointment.end", "must be after start (" + start + "), was " + end);
    }
    this.bufferBefore = Checks.atMost(Checks.notNegative(b.bufferBefore, "appointment.bufferBefore"),
        AppointmentType.MAX_BUFFER, "appointment.bufferBefore");
    this.bufferAfter = Checks.atMost(Checks.notNegative(b.bufferAfter, "appointment.bufferAfter"),
        AppointmentType.MAX_BUFFER, "appointment.bufferAfter");
    this.displayZone = Checks.notNull(b.displayZone, "appointment.displayZone");
    this.status = Checks.notNull(b.status, "appointment.status");
    this.location = Checks.maxLength(b.location, MAX_LOCATION_LENGTH, "appointment.location");
    this.notes = Checks.maxLength(b.notes, MAX_NOTES_LENGTH, "appointment.notes");
    Checks.notNull(b.externalRefs, "appointment.externalRefs");
    b.externalRefs.forEach((k, v) -> {
      Checks.notBlank(k, "appointment.externalRefs.provider");
      Checks.notBlank(v, "appointment.externalRefs[" + k + "]");
    });
    this.externalRefs = Map.copyOf(b.externalRefs);
    if (b.version < 0) {
      throw new ValidationException("appointment.version", "must not be negative");
    }
    this.version = b.version;
    this.createdAt = Checks.notNull(b.createdAt, "appointment.createdAt");
    this.updatedAt = Checks.notNull(b.updatedAt, "appointment.updatedAt");
    this.idempotencyKey = Checks.maxLength(b.idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH, "appointment.idempotencyKey");
    this.providerEventAt = b.providerEventAt;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.id = id;
    b.tenant = tenant;
    b.resource = resource;
    b.type = type;
    b.attendee = attendee;
    b.start = start;
    b.end = end;
    b.bufferBefore = bufferBefore;
    b.bufferAfter = bufferAfter;
    b.displayZone = displayZone;
    b.status = status;
    b.location = location;
    b.notes = notes;
    b.externalRefs = new TreeMap<>(externalRefs);
    b.version = version;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.idempotencyKey = idempotencyKey;
    b.providerEventAt = providerEventAt;
    return b;
  }

  public AppointmentId id() {
    return id;
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

  public Attendee attendee() {
    return attendee;
  }

  public Instant start() {
    return start;
  }

  public Instant end() {
    return end;
  }

  public TimeInterval interval() {
    return new TimeInterval(start, end);
  }

  /** Time kept free before the start, copied from the type when booked. */
  public Duration bufferBefore() {
    return bufferBefore;
  }

  /** Time kept free after the end, copied from the type when booked. */
  public Duration bufferAfter() {
    return bufferAfter;
  }

  /** The zone the appointment is shown in (the resource's, unless the booking said otherwise). */
  public ZoneId displayZone() {
    return displayZone;
  }

  public AppointmentStatus status() {
    return status;
  }

  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  /** The id of this appointment at each provider it was pushed to, keyed by provider id. */
  public Map<String, String> externalRefs() {
    return externalRefs;
  }

  public Optional<String> externalRef(String provider) {
    return Optional.ofNullable(externalRefs.get(provider));
  }

  /** Optimistic-lock version; stores bump it on every update. */
  public long version() {
    return version;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public Instant updatedAt() {
    return updatedAt;
  }

  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * When the provider event last applied to this appointment happened (by the provider's clock);
   * empty if no provider event was ever applied. An older event never overwrites a newer state.
   */
  public Optional<Instant> providerEventAt() {
    return Optional.ofNullable(providerEventAt);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof Appointment)) {
      return false;
    }
    Appointment a = (Appointment) o;
    return version == a.version && id.equals(a.id) && tenant.equals(a.tenant)
        && resource.equals(a.resource) && type.equals(a.type) && attendee.equals(a.attendee)
        && start.equals(a.start) && end.equals(a.end) && bufferBefore.equals(a.bufferBefore)
        && bufferAfter.equals(a.bufferAfter) && displayZone.equals(a.displayZone)
        && status == a.status && Objects.equals(location, a.location)
        && Objects.equals(notes, a.notes) && externalRefs.equals(a.externalRefs)
        && createdAt.equals(a.createdAt) && updatedAt.equals(a.updatedAt)
        && Objects.equals(idempotencyKey, a.idempotencyKey)
        && Objects.equals(providerEventAt, a.providerEventAt);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tenant, version);
  }

  @Override
  public String toString() {
    return "Appointment{" + id + ", tenant=" + tenant + ", resource=" + resource + ", type=" + type
        + ", " + start + ".." + end + ", " + status + ", v" + version + ", " + attendee + "}";
  }

  /** Collects the fields of an {@link Appointment}; {@link #build()} validates them. */
  public static final class Builder {
    private @Nullable AppointmentId id;
    private @Nullable TenantId tenant;
    private @Nullable ResourceId resource;
    private @Nullable AppointmentTypeId type;
    private @Nullable Attendee attendee;
    private @Nullable Instant start;
    private @Nullable Instant end;
    private Duration bufferBefore = Duration.ZERO;
    private Duration bufferAfter = Duration.ZERO;
    private @Nullable ZoneId displayZone;
    private AppointmentStatus status = AppointmentStatus.SCHEDULED;
    private @Nullable String location;
    private @Nullable String notes;
    private Map<String, String> externalRefs = new TreeMap<>();
    private long version;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable String idempotencyKey;
    private @Nullable Instant providerEventAt;

    private Builder() {}

    public Builder id(AppointmentId id) {
      this.id = id;
      return this;
    }

    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    public Builder resource(ResourceId resource) {
      this.resource = resource;
      return this;
    }

    public Builder type(AppointmentTypeId type) {
      this.type = type;
      return this;
    }

    public Builder attendee(Attendee attendee) {
      this.attendee = attendee;
      return this;
    }

    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    public Builder bufferBefore(Duration bufferBefore) {
      this.bufferBefore = bufferBefore;
      return this;
    }

    public Builder bufferAfter(Duration bufferAfter) {
      this.bufferAfter = bufferAfter;
      return this;
    }

    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = displayZone;
      return this;
    }

    public Builder status(AppointmentStatus status) {
      this.status = status;
      return this;
    }

    public Builder location(@Nullable String location) {
      this.location = location;
      return this;
    }

    public Builder notes(@Nullable String notes) {
      this.notes = notes;
      return this;
    }

    public Builder externalRef(String provider, String externalId) {
      this.externalRefs.put(provider, externalId);
      return this;
    }

    public Builder externalRefs(Map<String, String> externalRefs) {
      this.externalRefs = new TreeMap<>(externalRefs);
      return this;
    }

    public Builder version(long version) {
      this.version = version;
      return this;
    }

    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    public Builder idempotencyKey(@Nullable String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** When the last applied provider event happened; {@code null} for none. */
    public Builder providerEventAt(@Nullable Instant providerEventAt) {
      this.providerEventAt = providerEventAt;
      return this;
    }

    public Appointment build() {
      return new Appointment(this);
    }
  }
}
