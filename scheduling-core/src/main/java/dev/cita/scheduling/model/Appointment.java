package dev.cita.scheduling.model;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
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

  /** The longest {@link #statusReason()}, in characters. */
  public static final int MAX_STATUS_REASON_LENGTH = 500;

  /** The most {@link #participants()} one (collective) appointment may hold. */
  public static final int MAX_PARTICIPANTS = 20;

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
  private final Map<String, Map<ResourceId, String>> memberRefs;
  private final long version;
  private final Instant createdAt;
  private final Instant updatedAt;
  private final @Nullable String idempotencyKey;
  private final @Nullable Instant providerEventAt;
  private final @Nullable String statusReason;
  private final @Nullable SeriesId seriesId;
  private final @Nullable Instant occurrenceStart;
  private final SortedSet<ResourceId> participants;

  private Appointment(Builder b) {
    this.id = Checks.notNull(b.id, "appointment.id");
    this.tenant = Checks.notNull(b.tenant, "appointment.tenant");
    this.resource = Checks.notNull(b.resource, "appointment.resource");
    this.type = Checks.notNull(b.type, "appointment.type");
    this.attendee = Checks.notNull(b.attendee, "appointment.attendee");
    this.start = Checks.notNull(b.start, "appointment.start");
    this.end = Checks.notNull(b.end, "appointment.end");
    if (!end.isAfter(start)) {
      throw new ValidationException(
          "appointment.end", "must be after start (" + start + "), was " + end);
    }
    this.bufferBefore =
        Checks.atMost(
            Checks.notNegative(b.bufferBefore, "appointment.bufferBefore"),
            AppointmentType.MAX_BUFFER,
            "appointment.bufferBefore");
    this.bufferAfter =
        Checks.atMost(
            Checks.notNegative(b.bufferAfter, "appointment.bufferAfter"),
            AppointmentType.MAX_BUFFER,
            "appointment.bufferAfter");
    this.displayZone = Checks.notNull(b.displayZone, "appointment.displayZone");
    this.status = Checks.notNull(b.status, "appointment.status");
    this.location = Checks.maxLength(b.location, MAX_LOCATION_LENGTH, "appointment.location");
    this.notes = Checks.maxLength(b.notes, MAX_NOTES_LENGTH, "appointment.notes");
    Checks.notNull(b.externalRefs, "appointment.externalRefs");
    b.externalRefs.forEach(
        (k, v) -> {
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
    this.idempotencyKey =
        Checks.maxLength(
            b.idempotencyKey, MAX_IDEMPOTENCY_KEY_LENGTH, "appointment.idempotencyKey");
    this.providerEventAt = b.providerEventAt;
    this.statusReason =
        Checks.maxLength(b.statusReason, MAX_STATUS_REASON_LENGTH, "appointment.statusReason");
    if ((b.seriesId == null) != (b.occurrenceStart == null)) {
      throw new ValidationException(
          "appointment.seriesId", "a series id and an occurrence start go together");
    }
    this.seriesId = b.seriesId;
    this.occurrenceStart = b.occurrenceStart;
    this.participants = participants(b.participants, resource);
    this.memberRefs = memberRefs(b.memberRefs, resources());
  }

  private static Map<String, Map<ResourceId, String>> memberRefs(
      Map<String, Map<ResourceId, String>> given, List<ResourceId> held) {
    Checks.notNull(given, "appointment.memberRefs");
    Map<String, Map<ResourceId, String>> copy = new TreeMap<>();
    given.forEach(
        (provider, events) -> {
          Checks.notBlank(provider, "appointment.memberRefs.provider");
          Checks.notNull(events, "appointment.memberRefs[" + provider + "]");
          Map<ResourceId, String> byResource =
              new TreeMap<>(Comparator.comparing(ResourceId::value));
          events.forEach(
              (resource, eventId) -> {
                Checks.notNull(resource, "appointment.memberRefs[" + provider + "].resource");
                String field = "appointment.memberRefs[" + provider + "][" + resource.value() + "]";
                Checks.notBlank(eventId, field);
                if (!held.contains(resource)) {
                  throw new ValidationException(
                      field, "names a resource the appointment does not hold");
                }
                byResource.put(resource, eventId);
              });
          if (!byResource.isEmpty()) {
            copy.put(provider, Collections.unmodifiableMap(byResource));
          }
        });
    return Collections.unmodifiableMap(copy);
  }

  private static SortedSet<ResourceId> participants(Collection<ResourceId> given, ResourceId host) {
    Checks.notNull(given, "appointment.participants");
    TreeSet<ResourceId> set = new TreeSet<>(Comparator.comparing(ResourceId::value));
    for (ResourceId r : given) {
      if (!set.add(Checks.notNull(r, "appointment.participants[]"))) {
        throw new ValidationException("appointment.participants", "names " + r + " twice");
      }
    }
    if (set.contains(host)) {
      throw new ValidationException(
          "appointment.participants", "must not hold the appointment's resource " + host);
    }
    if (set.size() > MAX_PARTICIPANTS) {
      throw new ValidationException(
          "appointment.participants",
          "at most " + MAX_PARTICIPANTS + " participants, was " + set.size());
    }
    return Collections.unmodifiableSortedSet(set);
  }

  /**
   * Starts an empty builder; {@link Builder#build()} names the first required field left unset.
   *
   * @return a new builder with status {@link AppointmentStatus#SCHEDULED}, no buffers and version 0
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder holding every field of this appointment} Use it to make a changed copy. */
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
    b.memberRefs = memberRefs;
    b.version = version;
    b.createdAt = createdAt;
    b.updatedAt = updatedAt;
    b.idempotencyKey = idempotencyKey;
    b.providerEventAt = providerEventAt;
    b.statusReason = statusReason;
    b.seriesId = seriesId;
    b.occurrenceStart = occurrenceStart;
    b.participants = participants;
    return b;
  }

  /** {@return the appointment's id} */
  public AppointmentId id() {
    return id;
  }

  /** {@return the tenant that owns the appointment} Every store lookup is scoped by it. */
  public TenantId tenant() {
    return tenant;
  }

  /** {@return the resource (agent, employee or room) whose time the appointment holds} */
  public ResourceId resource() {
    return resource;
  }

  /**
   * {@return the other resources a collective (all-of) appointment holds besides {@link
   * #resource()}, its host} Sorted by id, unmodifiable; empty for an ordinary appointment. The
   * appointment holds the time of each of them, and is moved and cancelled for all of them as one.
   */
  public SortedSet<ResourceId> participants() {
    return participants;
  }

  /** {@return every resource whose time the appointment holds: the host first, then the others} */
  public List<ResourceId> resources() {
    List<ResourceId> all = new ArrayList<>(participants.size() + 1);
    all.add(resource);
    all.addAll(participants);
    return List.copyOf(all);
  }

  /** {@return the appointment type it was booked as} */
  public AppointmentTypeId type() {
    return type;
  }

  /** {@return the person the appointment is for} */
  public Attendee attendee() {
    return attendee;
  }

  /** {@return when the appointment starts (inclusive)} */
  public Instant start() {
    return start;
  }

  /** {@return when the appointment ends (exclusive)} Always after {@link #start()}. */
  public Instant end() {
    return end;
  }

  /** {@return the appointment's time {@code [start, end)}, without its buffers} */
  public TimeInterval interval() {
    return new TimeInterval(start, end);
  }

  /** {@return the time kept free before the start, copied from the type when booked} */
  public Duration bufferBefore() {
    return bufferBefore;
  }

  /** {@return the time kept free after the end, copied from the type when booked} */
  public Duration bufferAfter() {
    return bufferAfter;
  }

  /**
   * {@return the zone the appointment is shown in (the resource's, unless the booking said
   * otherwise)}
   */
  public ZoneId displayZone() {
    return displayZone;
  }

  /**
   * {@return where the appointment stands in its lifecycle} Only some statuses hold time; see
   * {@link dev.cita.scheduling.status.AppointmentLifecycle}.
   */
  public AppointmentStatus status() {
    return status;
  }

  /**
   * {@return where it takes place (address, phone number or video link), or empty if none was
   * given}
   */
  public Optional<String> location() {
    return Optional.ofNullable(location);
  }

  /** {@return the free-text notes given at booking, or empty} */
  public Optional<String> notes() {
    return Optional.ofNullable(notes);
  }

  /**
   * {@return the id of this appointment at each provider it was pushed to, keyed by provider id}
   * Empty if it was never pushed; unmodifiable.
   */
  public Map<String, String> externalRefs() {
    return externalRefs;
  }

  /**
   * The id of this appointment at one provider.
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @return the provider's id for it, or empty if it was not pushed there
   */
  public Optional<String> externalRef(String provider) {
    return Optional.ofNullable(externalRefs.get(provider));
  }

  /**
   * {@return the events of a collective appointment in its members' own calendars: provider id to
   * resource to that provider's event id} A calendar provider (Google, Microsoft) holds one event
   * per held resource it covers, each in that resource's calendar; {@link #externalRefs()} keeps
   * the primary one (the host's, else the first covered member's). Empty for an appointment pushed
   * as one event; unmodifiable.
   */
  public Map<String, Map<ResourceId, String>> memberRefs() {
    return memberRefs;
  }

  /**
   * The id of this appointment's event in one member's calendar at one provider.
   *
   * @param provider the provider id, e.g. {@code "google"}
   * @param resource one of {@link #resources()}
   * @return the event id, or empty if no event of that member was recorded
   */
  public Optional<String> externalRef(String provider, ResourceId resource) {
    return Optional.ofNullable(memberRefs.getOrDefault(provider, Map.of()).get(resource));
  }

  /**
   * Whether {@code eventId} is one of this appointment's events at {@code provider}: its primary
   * event or any member's.
   *
   * @param provider the provider id
   * @param eventId the provider's event id
   * @return true if the appointment holds that event
   */
  public boolean holdsEvent(String provider, String eventId) {
    return eventId.equals(externalRefs.get(provider))
        || memberRefs.getOrDefault(provider, Map.of()).containsValue(eventId);
  }

  /**
   * {@return the optimistic-lock version} Stores bump it on every update; 0 for an appointment
   * never stored.
   */
  public long version() {
    return version;
  }

  /** {@return when Cita first stored the appointment, by the booking service's clock} */
  public Instant createdAt() {
    return createdAt;
  }

  /** {@return when the appointment was last changed, by the booking service's clock} */
  public Instant updatedAt() {
    return updatedAt;
  }

  /**
   * {@return the idempotency key it was booked with, or empty if the booking gave none} Booking
   * again with the same key returns this appointment instead of booking twice.
   */
  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /**
   * When the provider event last applied to this appointment happened (by the provider's clock);
   * empty if no provider event was ever applied. An older event never overwrites a newer state.
   *
   * @return the provider's event time, or empty
   */
  public Optional<Instant> providerEventAt() {
    return Optional.ofNullable(providerEventAt);
  }

  /**
   * Why the appointment has its status, when Cita knows more than the status says, for example
   * {@code "refused by calcom: slot no longer available"} on an appointment cancelled because the
   * branch's booking tool refused it. Meant for people (the app's staff screens), not for parsing.
   *
   * @return the reason, or empty when the status says all
   */
  public Optional<String> statusReason() {
    return Optional.ofNullable(statusReason);
  }

  /**
   * {@return the series this appointment is an occurrence of, or empty for a single appointment}
   */
  public Optional<SeriesId> seriesId() {
    return Optional.ofNullable(seriesId);
  }

  /**
   * The start the series' rule gave this occurrence (its RFC 5545 RECURRENCE-ID): it stays when the
   * occurrence is moved, so "this and following" always means the rule's order.
   *
   * @return the rule's start of this occurrence, or empty for a single appointment
   */
  public Optional<Instant> occurrenceStart() {
    return Optional.ofNullable(occurrenceStart);
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
    return version == a.version
        && id.equals(a.id)
        && tenant.equals(a.tenant)
        && resource.equals(a.resource)
        && type.equals(a.type)
        && attendee.equals(a.attendee)
        && start.equals(a.start)
        && end.equals(a.end)
        && bufferBefore.equals(a.bufferBefore)
        && bufferAfter.equals(a.bufferAfter)
        && displayZone.equals(a.displayZone)
        && status == a.status
        && Objects.equals(location, a.location)
        && Objects.equals(notes, a.notes)
        && externalRefs.equals(a.externalRefs)
        && memberRefs.equals(a.memberRefs)
        && createdAt.equals(a.createdAt)
        && updatedAt.equals(a.updatedAt)
        && Objects.equals(idempotencyKey, a.idempotencyKey)
        && Objects.equals(providerEventAt, a.providerEventAt)
        && Objects.equals(statusReason, a.statusReason)
        && Objects.equals(seriesId, a.seriesId)
        && Objects.equals(occurrenceStart, a.occurrenceStart)
        && participants.equals(a.participants);
  }

  @Override
  public int hashCode() {
    return Objects.hash(id, tenant, version);
  }

  @Override
  public String toString() {
    return "Appointment{"
        + id
        + ", tenant="
        + tenant
        + ", resource="
        + resource
        + (participants.isEmpty() ? "" : ", participants=" + participants)
        + ", type="
        + type
        + ", "
        + start
        + ".."
        + end
        + ", "
        + status
        + ", v"
        + version
        + ", "
        + attendee
        + "}";
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
    private Map<String, Map<ResourceId, String>> memberRefs = Map.of();
    private long version;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private @Nullable String idempotencyKey;
    private @Nullable Instant providerEventAt;
    private @Nullable String statusReason;
    private @Nullable SeriesId seriesId;
    private @Nullable Instant occurrenceStart;
    private Collection<ResourceId> participants = List.of();

    private Builder() {}

    /**
     * Sets the id (required).
     *
     * @param id the appointment's id
     * @return this builder
     */
    public Builder id(AppointmentId id) {
      this.id = id;
      return this;
    }

    /**
     * Sets the owning tenant (required).
     *
     * @param tenant the tenant
     * @return this builder
     */
    public Builder tenant(TenantId tenant) {
      this.tenant = tenant;
      return this;
    }

    /**
     * Sets the booked resource (required).
     *
     * @param resource the resource whose time is held
     * @return this builder
     */
    public Builder resource(ResourceId resource) {
      this.resource = resource;
      return this;
    }

    /**
     * Sets the appointment type (required).
     *
     * @param type the type's id
     * @return this builder
     */
    public Builder type(AppointmentTypeId type) {
      this.type = type;
      return this;
    }

    /**
     * Sets the person the appointment is for (required).
     *
     * @param attendee the attendee
     * @return this builder
     */
    public Builder attendee(Attendee attendee) {
      this.attendee = attendee;
      return this;
    }

    /**
     * Sets the start (required, inclusive).
     *
     * @param start the start instant
     * @return this builder
     */
    public Builder start(Instant start) {
      this.start = start;
      return this;
    }

    /**
     * Sets the end (required, exclusive); {@link #build()} refuses an end not after the start.
     *
     * @param end the end instant
     * @return this builder
     */
    public Builder end(Instant end) {
      this.end = end;
      return this;
    }

    /**
     * Sets the time kept free before the start; zero by default.
     *
     * @param bufferBefore not negative, at most {@link AppointmentType#MAX_BUFFER}
     * @return this builder
     */
    public Builder bufferBefore(Duration bufferBefore) {
      this.bufferBefore = bufferBefore;
      return this;
    }

    /**
     * Sets the time kept free after the end; zero by default.
     *
     * @param bufferAfter not negative, at most {@link AppointmentType#MAX_BUFFER}
     * @return this builder
     */
    public Builder bufferAfter(Duration bufferAfter) {
      this.bufferAfter = bufferAfter;
      return this;
    }

    /**
     * Sets the zone the appointment is shown in (required).
     *
     * @param displayZone the display zone
     * @return this builder
     */
    public Builder displayZone(ZoneId displayZone) {
      this.displayZone = displayZone;
      return this;
    }

    /**
     * Sets the status; {@link AppointmentStatus#SCHEDULED} by default.
     *
     * @param status the status
     * @return this builder
     */
    public Builder status(AppointmentStatus status) {
      this.status = status;
      return this;
    }

    /**
     * Sets where it takes place, at most {@value Appointment#MAX_LOCATION_LENGTH} characters.
     *
     * @param location free text; {@code null} for none
     * @return this builder
     */
    public Builder location(@Nullable String location) {
      this.location = location;
      return this;
    }

    /**
     * Sets free-text notes, at most {@value Appointment#MAX_NOTES_LENGTH} characters.
     *
     * @param notes the notes; {@code null} for none
     * @return this builder
     */
    public Builder notes(@Nullable String notes) {
      this.notes = notes;
      return this;
    }

    /**
     * Adds or replaces the appointment's id at one provider.
     *
     * @param provider the provider id, not blank
     * @param externalId the provider's id for the appointment, not blank
     * @return this builder
     */
    public Builder externalRef(String provider, String externalId) {
      this.externalRefs.put(provider, externalId);
      return this;
    }

    /**
     * Replaces all provider references with a copy of the given map.
     *
     * @param externalRefs provider id to the provider's id; keys and values not blank
     * @return this builder
     */
    public Builder externalRefs(Map<String, String> externalRefs) {
      this.externalRefs = new TreeMap<>(externalRefs);
      return this;
    }

    /**
     * Adds or replaces the id of the appointment's event in one member's calendar at one provider
     * (see {@link Appointment#memberRefs()}).
     *
     * @param provider the provider id, not blank
     * @param resource one of the appointment's resources (its host or a participant)
     * @param eventId the provider's id of that member's event, not blank
     * @return this builder
     */
    public Builder externalRef(String provider, ResourceId resource, String eventId) {
      Map<String, Map<ResourceId, String>> copy = new HashMap<>();
      memberRefs.forEach((p, events) -> copy.put(p, new HashMap<>(events)));
      copy.computeIfAbsent(provider, p -> new HashMap<>()).put(resource, eventId);
      this.memberRefs = copy;
      return this;
    }

    /**
     * Replaces all members' event ids (see {@link Appointment#memberRefs()}) with a copy of the
     * given map; stores use it.
     *
     * @param memberRefs provider id to resource to event id
     * @return this builder
     */
    public Builder memberRefs(Map<String, Map<ResourceId, String>> memberRefs) {
      this.memberRefs = new HashMap<>(Checks.notNull(memberRefs, "appointment.memberRefs"));
      return this;
    }

    /**
     * Sets the optimistic-lock version; stores set it, callers leave it at 0.
     *
     * @param version not negative
     * @return this builder
     */
    public Builder version(long version) {
      this.version = version;
      return this;
    }

    /**
     * Sets when the appointment was first stored (required).
     *
     * @param createdAt the creation time
     * @return this builder
     */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /**
     * Sets when the appointment was last changed (required).
     *
     * @param updatedAt the time of the last change
     * @return this builder
     */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /**
     * Sets the caller's idempotency key, at most {@value Appointment#MAX_IDEMPOTENCY_KEY_LENGTH}
     * characters.
     *
     * @param idempotencyKey the key; {@code null} for none
     * @return this builder
     */
    public Builder idempotencyKey(@Nullable String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /**
     * When the last applied provider event happened; {@code null} for none.
     *
     * @param providerEventAt the provider's event time
     * @return this builder
     */
    public Builder providerEventAt(@Nullable Instant providerEventAt) {
      this.providerEventAt = providerEventAt;
      return this;
    }

    /**
     * Why the appointment has its status (see {@link Appointment#statusReason()}); {@code null} for
     * none; at most {@link Appointment#MAX_STATUS_REASON_LENGTH} characters.
     *
     * @param statusReason the reason, or {@code null} for none
     * @return this builder
     */
    public Builder statusReason(@Nullable String statusReason) {
      this.statusReason = statusReason;
      return this;
    }

    /**
     * Makes the appointment an occurrence of a series; {@code null} for both makes it a single
     * appointment. {@link #build()} refuses one without the other.
     *
     * @param seriesId the series
     * @param occurrenceStart the start the series' rule gave this occurrence
     * @return this builder
     */
    public Builder series(@Nullable SeriesId seriesId, @Nullable Instant occurrenceStart) {
      this.seriesId = seriesId;
      this.occurrenceStart = occurrenceStart;
      return this;
    }

    /**
     * Sets the other resources a collective appointment holds besides its resource (see {@link
     * Appointment#participants()}); none by default.
     *
     * @param participants distinct, without the appointment's resource, at most {@value
     *     Appointment#MAX_PARTICIPANTS}
     * @return this builder
     */
    public Builder participants(Collection<ResourceId> participants) {
      this.participants = new ArrayList<>(participants);
      return this;
    }

    /**
     * Validates the fields and builds the appointment.
     *
     * @return a new appointment
     * @throws dev.cita.scheduling.ValidationException naming the first missing or invalid field
     */
    public Appointment build() {
      return new Appointment(this);
    }
  }
}
