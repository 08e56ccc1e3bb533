package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thread-safe map from a tenant's resources to Google calendars: one {@link CalendarAssignment}
 * per (tenant, resource). Fill it at start-up from your own tables and whenever a tenant connects
 * or changes a calendar; the provider and the push channels read it on every call.
 *
 * <pre>{@code
 * GoogleCalendars calendars = new GoogleCalendars();
 * calendars.assign(clinic, drAna, connection, "primary");
 * calendars.assign(clinic, room2, connection, "c_room2@group.calendar.google.com");
 * }</pre>
 */
public final class GoogleCalendars {
  private record Key(TenantId tenant, ResourceId resource) {}

  private final Map<Key, CalendarAssignment> assignments = new ConcurrentHashMap<>();

  /** An empty registry: no resource is assigned to a calendar yet. */
  public GoogleCalendars() {}

  /**
   * Assigns (or re-assigns) a resource to a calendar of one of the tenant's Google connections.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource whose time the calendar holds
   * @param connection the tenant's Google connection whose tokens reach the calendar
   * @param calendarId {@code "primary"} or a calendar id such as {@code
   *     "c_123@group.calendar.google.com"}
   * @return the assignment, replacing any earlier one of the resource
   * @throws dev.cita.scheduling.ValidationException if the connection is not a Google connection of
   *     that tenant, or an argument is missing
   */
  public CalendarAssignment assign(
      TenantId tenant, ResourceId resource, ConnectionKey connection, String calendarId) {
    CalendarAssignment a = new CalendarAssignment(tenant, resource, connection, calendarId);
    assignments.put(new Key(tenant, resource), a);
    return a;
  }

  /**
   * Removes a resource's assignment.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource
   * @return true if it had one
   */
  public boolean unassign(TenantId tenant, ResourceId resource) {
    return assignments.remove(
            new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource")))
        != null;
  }

  /**
   * The calendar of a resource.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource
   * @return its assignment, or empty when it has no Google calendar
   */
  public Optional<CalendarAssignment> find(TenantId tenant, ResourceId resource) {
    return Optional.ofNullable(
        assignments.get(
            new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(resource, "resource"))));
  }

  /**
   * The assignments that go through one connection, for example to stop them before a disconnect.
   *
   * @param connection a tenant's Google connection
   * @return its assignments, ordered by resource
   */
  public List<CalendarAssignment> of(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return assignments.values().stream()
        .filter(a -> a.connection().equals(connection))
        .sorted(Comparator.comparing(a -> a.resource().value()))
        .toList();
  }

  /** {@return every assignment, ordered by tenant and resource} */
  public List<CalendarAssignment> all() {
    return assignments.values().stream()
        .sorted(
            Comparator.comparing((CalendarAssignment a) -> a.tenant().value())
                .thenComparing(a -> a.resource().value()))
        .toList();
  }
}
