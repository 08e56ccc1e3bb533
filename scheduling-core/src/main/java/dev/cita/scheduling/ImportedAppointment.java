package dev.cita.scheduling;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One existing appointment to import (see {@link BookingService#importAppointments}): who, with
 * whom, of which type, when, and the id it has in the system it comes from. The external system and
 * id make the import idempotent: a row whose {@code (tenant, source, externalId)} was imported
 * before is never imported twice.
 *
 * <pre>{@code
 * ImportedAppointment row = ImportedAppointment.builder(tenant, ana, consult.id(), start, attendee)
 *     .source("legacy-crm", "A-1001").status(AppointmentStatus.COMPLETED).build();
 * }</pre>
 */
public final class ImportedAppointment {
  private final TenantId tenant;
  private final ResourceId resource;
  private final AppointmentTypeId type;
  private final Instant start;
  private final Attendee attendee;
  private final String source;
  private final String externalId;
  private final AppointmentStatus status;
  private final @Nullable Instant end;
  private final @Nullable ZoneId displayZone;
  private final @Nullable String location;
  private final @Nullable String notes;

  private ImportedAppointment(Builder b) {
    this.tenant = b.tenant;
    this.resource = b.resource;
    this.type = b.type;
    this.start = b.start;
    this.attendee = b.attendee;
    this.source = Checks.notBlank(b.source, "import.source");
    this.externalId = Checks.notBlank(b.externalId, "import.externalId");
    this.status = b.status;
    this.end = b.end;
    this.displayZone = b.displayZone;
    this.location = b.location;
    this.notes = b.notes;
  }

  /**
   * A builder of a row; {@link Builder#source} is required.
   *
   * @param tenant the tenant the appointment belongs to
   * @param resource the resource whose time it takes
   * @param type its appointment type, which must exist in the schedule store
   * @param start when it starts
   * @param attendee who it is with
   * @return a builder
   * @throws ValidationException if an argument is null
   */
  public static Builder builder(
      TenantId tenant,
      ResourceId resource,
      AppointmentTypeId type,
      Instant start,
      Attendee attendee) {
    return new Builder(tenant, resource, type, start, attendee);
  }

  /** {@return the tenant the appointment belongs to} */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the resource (person, room) whose time it takes} */
  public ResourceId resource() {
    return resource;
  }

  /**
   * {@return its appointment type, which must exist in the schedule store; its buffers are applied}
   */
  public AppointmentTypeId type() {
    return type;
  }

  /** {@return when it starts} */
  public Instant start() {
    return start;
  }

  /** {@return who it is with} */
  public Attendee attendee() {
    return attendee;
  }

  /**
   * {@return the system it comes from, such as {@code "legacy-crm"} or a provider id such as {@code
   * "calcom"}}
   */
  public String source() {
    return source;
  }

  /**
   * {@return its id in {@link #source()}; stored as the appointment's external reference for that
   * source}
   */
  public String externalId() {
    return externalId;
  }

  /** {@return its status; {@code SCHEDULED} unless set} */
  public AppointmentStatus status() {
    return status;
  }

  /** {@return when it ends; empty for start + the type's duration} */
  public Optional<Instant> end() {
    return Optional.ofNullable(end);
  }

  /** {@return the zone to show it in; empty for the zone of the resource's schedule} */
  public Optional<ZoneId> displayZone() {
    return Optional.ofNullable(displayZone);
  }

  /** {@return where it takes place, if known} */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** {@return notes carried over, if any} */
  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  @Override
  public String toString() {
    return "ImportedAppointment["
        + tenant
        + " "
        + source
        + "/"
        + externalId
        + " "
        + resource
        + " "
        + type
        + " "
        + start
        + " "
        + status
        + "]";
  }

  /** Builds an {@link ImportedAppointment}. */
  public static final class Builder {
    private final TenantId tenant;
    private final ResourceId resource;
    private final AppointmentTypeId type;
    private final Instant start;
    private final Attendee attendee;
    private @Nullable String source;
    private @Nullable String externalId;
    private AppointmentStatus status = AppointmentStatus.SCHEDULED;
    private @Nullable Instant end;
    private @Nullable ZoneId displayZone;
    private @Nullable String location;
    private @Nullable String notes;

    private Builder(
        TenantId tenant,
        ResourceId resource,
        AppointmentTypeId type,
        Instant start,
        Attendee attendee) {
      this.tenant = Checks.notNull(tenant, "import.tenant");
      this.resource = Checks.notNull(resource, "import.resource");
      this.type = Checks.notNull(type, "import.type");
      this.start = Checks.notNull(start, "import.start");
      this.attendee = Checks.notNull(attendee, "import.attendee");
    }

    /**
     * The system the appointment comes from and its id there. Required.
     *
     * @param source the source system, such as {@code "legacy-crm"}; not blank
     * @param externalId the appointment's id there; not blank
     * @return this builder
     */
    public Builder source(String source, String externalId) {
      this.source = source;
      this.externalId = externalId;
      return this;
    }

    /**
     * Its status (default {@code SCHEDULED}); a backlog may carry {@code COMPLETED} or {@code
     * CANCELLED} ones.
     *
     * @param status the status to store
     * @return this builder
     */
    public Builder status(AppointmentStatus status) {
      this.status = Checks.notNull(status, "import.status");
      return this;
    }

    /**
     * When it ends (default: start + the type's duration).
     *
     * @param end the end instant
     * @return this builder
     */
    public Builder end(Instant end) {
      this.end = Checks.notNull(end, "import.end");
      return this;
    }

    /**
     * The zone to show it in (default: the zone of the resource's schedule).
     *
     * @param displayZone the display zone
     * @return this builder
     */
    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = Checks.notNull(displayZone, "import.displayZone");
      return this;
    }

    /**
     * Where it takes place (default: none).
     *
     * @param location free text
     * @return this builder
     */
    public Builder location(String location) {
      this.location = Checks.notNull(location, "import.location");
      return this;
    }

    /**
     * Notes (default: none).
     *
     * @param notes the notes
     * @return this builder
     */
    public Builder notes(String notes) {
      this.notes = Checks.notNull(notes, "import.notes");
      return this;
    }

    /**
     * The row.
     *
     * @return the row
     * @throws ValidationException on {@code import.source} or {@code import.externalId} if not set
     */
    public ImportedAppointment build() {
      return new ImportedAppointment(this);
    }
  }
}
