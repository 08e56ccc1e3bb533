package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.ConnectionKey;

/**
 * Which provider calendar holds one resource's time: the tenant's resource (an agent, a room), the
 * connection (tenant + provider + account) whose tokens reach the calendar, and the calendar's id
 * in that account (for Google {@code "primary"} or {@code "c_123@group.calendar.google.com"}). The
 * provider is the connection's.
 *
 * @param tenant the tenant that owns the resource
 * @param resource the resource whose time the calendar holds
 * @param connection the tenant's connection whose tokens reach the calendar
 * @param calendarId the calendar's id in that account
 */
public record ResourceCalendar(
    TenantId tenant, ResourceId resource, ConnectionKey connection, String calendarId) {
  /** The longest calendar id, in characters (the JDBC column's size). */
  public static final int MAX_CALENDAR_ID_LENGTH = 500;

  /**
   * Checks that nothing is missing and that the connection belongs to the same tenant.
   *
   * @param tenant the tenant that owns the resource
   * @param resource the resource whose time the calendar holds
   * @param connection the tenant's connection whose tokens reach the calendar
   * @param calendarId the calendar's id in that account, not blank, at most {@value
   *     #MAX_CALENDAR_ID_LENGTH} characters
   * @throws ValidationException naming the component that is missing or does not fit
   */
  public ResourceCalendar {
    Checks.notNull(tenant, "assignment.tenant");
    Checks.notNull(resource, "assignment.resource");
    Checks.notNull(connection, "assignment.connection");
    Checks.notBlank(calendarId, "assignment.calendarId");
    Checks.maxLength(calendarId, MAX_CALENDAR_ID_LENGTH, "assignment.calendarId");
    if (!connection.tenant().equals(tenant)) {
      throw new ValidationException(
          "assignment.connection",
          "belongs to tenant " + connection.tenant() + ", not to " + tenant);
    }
  }

  /** {@return the provider of the calendar, the connection's} */
  public String provider() {
    return connection.provider();
  }
}
