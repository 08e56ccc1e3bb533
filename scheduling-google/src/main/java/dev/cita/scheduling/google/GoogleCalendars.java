package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.memory.InMemoryCalendarAssignmentStore;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.util.List;
import java.util.Optional;

/**
 * The thread-safe map from a tenant's resources to Google calendars: one {@link CalendarAssignment}
 * per (tenant, resource). Fill it whenever a tenant connects or changes a calendar; the provider
 * and the push channels read it on every call. Over a store every node shares ({@code
 * JdbcStores.calendarAssignments()}), an assignment made on one node holds on all and survives
 * restarts; the default store is in memory.
 *
 * <pre>{@code
 * GoogleCalendars calendars = new GoogleCalendars(stores.calendarAssignments());
 * calendars.assign(clinic, drAna, connection, "primary");
 * calendars.assign(clinic, room2, connection, "c_room2@group.calendar.google.com");
 * }</pre>
 */
public final class GoogleCalendars {
  private final CalendarAssignmentStore store;

  /** An empty registry in memory: no resource is assigned to a calendar yet. */
  public GoogleCalendars() {
    this(new InMemoryCalendarAssignmentStore());
  }

  /**
   * A registry over a store of assignments, of which it reads and writes provider {@code
   * "google"}'s.
   *
   * @param store the store, normally shared by every node
   * @throws dev.cita.scheduling.ValidationException if {@code store} is null
   */
  public GoogleCalendars(CalendarAssignmentStore store) {
    this.store = Checks.notNull(store, "calendarAssignmentStore");
  }

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
    store.save(a.toResourceCalendar());
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
    return store.delete(
        Checks.notNull(tenant, "tenant"),
        Checks.notNull(resource, "resource"),
        GoogleOAuth.PROVIDER);
  }

  /**
   * The calendar of a resource.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource
   * @return its assignment, or empty when it has no Google calendar
   */
  public Optional<CalendarAssignment> find(TenantId tenant, ResourceId resource) {
    return store
        .find(
            Checks.notNull(tenant, "tenant"),
            Checks.notNull(resource, "resource"),
            GoogleOAuth.PROVIDER)
        .map(CalendarAssignment::of);
  }

  /**
   * The assignments that go through one connection, for example to stop them before a disconnect.
   *
   * @param connection a tenant's Google connection
   * @return its assignments, ordered by resource
   */
  public List<CalendarAssignment> of(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return store.list(connection).stream().map(CalendarAssignment::of).toList();
  }

  /** {@return every assignment, ordered by tenant and resource} */
  public List<CalendarAssignment> all() {
    return store.list(GoogleOAuth.PROVIDER).stream().map(CalendarAssignment::of).toList();
  }

  @Override
  public String toString() {
    return "GoogleCalendars{" + store + '}';
  }
}
