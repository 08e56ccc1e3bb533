package dev.cita.scheduling.google;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;

/**
 * Which Google calendar holds one resource's time: the tenant's resource (an agent, a room), the
 * Google connection (tenant + account) whose tokens reach it, and the calendar id in that account
 * ({@code "primary"} or an id such as {@code "c_123@group.calendar.google.com"}). The Google view
 * of the core's provider-neutral {@link ResourceCalendar}, which stores keep.
 *
 * @param tenant the tenant that owns the resource
 * @param resource the resource whose time the calendar holds
 * @param connection the tenant's Google connection whose tokens reach the calendar
 * @param calendarId the calendar's id in that account
 */
public record CalendarAssignment(
    TenantId tenant, ResourceId resource, ConnectionKey connection, String calendarId) {
  /**
   * Checks that the connection is a Google connection of the same tenant.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource whose time the calendar holds
   * @param connection the tenant's Google connection whose tokens reach the calendar
   * @param calendarId the calendar's id in that account, not blank
   * @throws ValidationException naming the component that is missing or does not fit
   */
  public CalendarAssignment {
    Checks.notNull(tenant, "assignment.tenant");
    Checks.notNull(resource, "assignment.resource");
    Checks.notNull(connection, "assignment.connection");
    new ResourceCalendar(tenant, resource, connection, calendarId); // the neutral checks
    if (!GoogleOAuth.PROVIDER.equals(connection.provider())) {
      throw new ValidationException(
          "assignment.connection", "must be a Google connection, was " + connection.provider());
    }
  }

  /** {@return this assignment as the core's provider-neutral value} */
  public ResourceCalendar toResourceCalendar() {
    return new ResourceCalendar(tenant, resource, connection, calendarId);
  }

  /**
   * The Google assignment of a neutral one.
   *
   * @param calendar a resource's calendar at Google
   * @return the assignment
   * @throws ValidationException if {@code calendar} is missing or not a Google calendar
   */
  public static CalendarAssignment of(ResourceCalendar calendar) {
    Checks.notNull(calendar, "calendar");
    return new CalendarAssignment(
        calendar.tenant(), calendar.resource(), calendar.connection(), calendar.calendarId());
  }
}
