package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The columns a {@link ResourceCalendar} takes in {@code cita_calendar_assignment} and {@code
 * cita_push_channel}: tenant_id, resource_id, provider, account, calendar_id.
 */
final class CalendarRows {
  private CalendarRows() {}

  /** Refuses an assignment whose texts do not fit their columns, naming the field. */
  static ResourceCalendar checked(ResourceCalendar a) {
    fits(a.tenant().value(), ID_LENGTH, "assignment.tenant");
    fits(a.resource().value(), ID_LENGTH, "assignment.resource");
    JdbcTokenStore.checked(a.connection());
    return a;
  }

  static ResourceCalendar read(ResultSet r) throws SQLException {
    TenantId tenant = TenantId.of(r.getString("tenant_id"));
    return new ResourceCalendar(
        tenant,
        ResourceId.of(r.getString("resource_id")),
        ConnectionKey.of(tenant, r.getString("provider"), r.getString("account")),
        r.getString("calendar_id"));
  }
}
