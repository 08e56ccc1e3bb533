package dev.cita.scheduling.calendly;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One tenant's mapping between Calendly and Cita: which Calendly user is which Cita resource (the
 * person whose time is booked), and which event type is which appointment type. An event type may
 * also name a resource; otherwise the booking's host decides it (round-robin types).
 *
 * <pre>{@code
 * CalendlyMapping mapping = CalendlyMapping.builder()
 *     .host("https://api.calendly.com/users/ANA", ResourceId.of("dra-ana"))
 *     .eventType("https://api.calendly.com/event_types/CONSULTA", AppointmentTypeId.of("consulta"))
 *     .build();
 * }</pre>
 */
public final class CalendlyMapping {
  private record TypeEntry(AppointmentTypeId type, Optional<ResourceId> resource) {}

  private final Map<String, ResourceId> hosts;
  private final Map<String, TypeEntry> eventTypes;

  private CalendlyMapping(Builder b) {
    this.hosts = Map.copyOf(b.hosts);
    this.eventTypes = Map.copyOf(b.eventTypes);
  }

  /** {@return a new, empty builder} */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * The resource a Calendly user is.
   *
   * @param userUri the user's URI, or null
   * @return the resource, or empty when the user is not mapped
   */
  public Optional<ResourceId> resourceOfHost(String userUri) {
    return Optional.ofNullable(userUri).map(hosts::get);
  }

  /**
   * The Calendly user a resource is.
   *
   * @param resource a resource
   * @return the user's URI (the first in order when several are mapped to it), or empty
   */
  public Optional<String> hostOf(ResourceId resource) {
    return hosts.entrySet().stream()
        .filter(e -> e.getValue().equals(resource))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /** {@return the resources that are a Calendly user here (whose busy time can be read), sorted} */
  public List<ResourceId> hostResources() {
    return hosts.values().stream()
        .distinct()
        .sorted(java.util.Comparator.comparing(ResourceId::value))
        .toList();
  }

  /**
   * Whether this mapping names the resource, as a host or as the resource of an event type.
   *
   * @param resource a resource
   * @return true if it does
   */
  public boolean maps(ResourceId resource) {
    return hosts.containsValue(resource)
        || eventTypes.values().stream().anyMatch(t -> t.resource().equals(Optional.of(resource)));
  }

  /**
   * The event types that name their resource (see {@link Builder#eventType(String,
   * AppointmentTypeId, ResourceId)}), by URI, sorted: the ones whose available times can be a
   * resource's hours.
   *
   * @return event type URI to resource, sorted by URI; empty when no type names its resource
   */
  public Map<String, ResourceId> eventTypeResources() {
    Map<String, ResourceId> out = new TreeMap<>();
    eventTypes.forEach((uri, t) -> t.resource().ifPresent(r -> out.put(uri, r)));
    return Collections.unmodifiableMap(out);
  }

  /**
   * The appointment type of a Calendly event type.
   *
   * @param eventTypeUri the event type's URI, or null
   * @return the appointment type, or empty when the event type is not mapped
   */
  public Optional<AppointmentTypeId> typeOf(String eventTypeUri) {
    return Optional.ofNullable(eventTypeUri).map(eventTypes::get).map(TypeEntry::type);
  }

  /**
   * The resource a booking of this event type with these hosts is for: the event type's own
   * resource if it names one, else the first host that is mapped.
   *
   * @param eventTypeUri the booking's event type URI, or null
   * @param hostUris the URIs of the booking's hosts, in Calendly's order
   * @return the resource, or empty when neither names a mapped one
   */
  public Optional<ResourceId> resourceOf(String eventTypeUri, List<String> hostUris) {
    Optional<ResourceId> fixed =
        Optional.ofNullable(eventTypeUri).map(eventTypes::get).flatMap(TypeEntry::resource);
    if (fixed.isPresent()) {
      return fixed;
    }
    return hostUris.stream().map(hosts::get).filter(r -> r != null).findFirst();
  }

  /**
   * The event type to book an appointment type for a resource with: one that names this resource,
   * else one that names none (its host is then the resource's Calendly user).
   *
   * @param resource the resource to book
   * @param type the appointment type to book
   * @return the event type's URI (the first in order when several fit), or empty when none fits
   */
  public Optional<String> eventTypeFor(ResourceId resource, AppointmentTypeId type) {
    Optional<String> exact =
        eventTypes.entrySet().stream()
            .filter(
                e ->
                    e.getValue().type().equals(type)
                        && e.getValue().resource().equals(Optional.of(resource)))
            .map(Map.Entry::getKey)
            .sorted()
            .findFirst();
    if (exact.isPresent()) {
      return exact;
    }
    return eventTypes.entrySet().stream()
        .filter(e -> e.getValue().type().equals(type) && e.getValue().resource().isEmpty())
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst();
  }

  /** Every mapped host, user URI to resource, for {@link CalendlyMappingRegistry}. */
  Map<String, ResourceId> hosts() {
    return hosts;
  }

  /** Every mapped event type's appointment type, by URI, for {@link CalendlyMappingRegistry}. */
  Map<String, AppointmentTypeId> eventTypeTypes() {
    Map<String, AppointmentTypeId> out = new TreeMap<>();
    eventTypes.forEach((uri, t) -> out.put(uri, t.type()));
    return out;
  }

  @Override
  public String toString() {
    return "CalendlyMapping{hosts=" + hosts.size() + ", eventTypes=" + eventTypes.size() + '}';
  }

  /** Collects a {@link CalendlyMapping}; a URI mapped twice is refused. */
  public static final class Builder {
    private final Map<String, ResourceId> hosts = new LinkedHashMap<>();
    private final Map<String, TypeEntry> eventTypes = new LinkedHashMap<>();

    private Builder() {}

    /**
     * Maps a Calendly user to the resource it is.
     *
     * @param userUri the user's URI
     * @param resource the resource
     * @return this builder
     * @throws ValidationException if the user is already mapped
     */
    public Builder host(String userUri, ResourceId resource) {
      Checks.notBlank(userUri, "mapping.host");
      Checks.notNull(resource, "mapping.host.resource");
      if (hosts.putIfAbsent(userUri, resource) != null) {
        throw new ValidationException("mapping.host", "is mapped twice: " + userUri);
      }
      return this;
    }

    /**
     * Maps an event type to the appointment type it books; the booking's host decides the resource.
     *
     * @param eventTypeUri the event type's URI
     * @param type the appointment type
     * @return this builder
     * @throws ValidationException if the event type is already mapped
     */
    public Builder eventType(String eventTypeUri, AppointmentTypeId type) {
      return put(
          eventTypeUri,
          new TypeEntry(Checks.notNull(type, "mapping.eventType.type"), Optional.empty()));
    }

    /**
     * Maps an event type to the appointment type it books for one resource.
     *
     * @param eventTypeUri the event type's URI
     * @param type the appointment type
     * @param resource the resource whose time it books
     * @return this builder
     * @throws ValidationException if the event type is already mapped
     */
    public Builder eventType(String eventTypeUri, AppointmentTypeId type, ResourceId resource) {
      return put(
          eventTypeUri,
          new TypeEntry(
              Checks.notNull(type, "mapping.eventType.type"),
              Optional.of(Checks.notNull(resource, "mapping.eventType.resource"))));
    }

    private Builder put(String uri, TypeEntry entry) {
      Checks.notBlank(uri, "mapping.eventType");
      if (eventTypes.putIfAbsent(uri, entry) != null) {
        throw new ValidationException("mapping.eventType", "is mapped twice: " + uri);
      }
      return this;
    }

    /** {@return the mapping, immutable} */
    public CalendlyMapping build() {
      return new CalendlyMapping(this);
    }
  }
}
