package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarAssignmentStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import java.sql.PreparedStatement;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link CalendarAssignmentStore} in table {@code cita_calendar_assignment}, one row per tenant,
 * resource and provider; every node of one database sees the same assignments.
 */
public final class JdbcCalendarAssignmentStore implements CalendarAssignmentStore {
  private static final String COLUMNS = "tenant_id, resource_id, provider, account, calendar_id";

  static final String FIND_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_calendar_assignment WHERE tenant_id = ? AND resource_id = ?"
          + " AND provider = ?";
  static final String BY_CONNECTION_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_calendar_assignment WHERE tenant_id = ? AND provider = ? AND account = ?"
          + " ORDER BY resource_id";
  static final String BY_PROVIDER_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_calendar_assignment WHERE provider = ? ORDER BY tenant_id, resource_id";

  private final DataSource dataSource;
  private final String upsertSql;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcCalendarAssignmentStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.upsertSql =
        Dialect.of(dataSource)
            .upsert(
                "cita_calendar_assignment",
                List.of("tenant_id", "resource_id", "provider", "account", "calendar_id"),
                List.of("provider", "tenant_id", "resource_id"));
  }

  @Override
  public void save(ResourceCalendar assignment) {
    CalendarRows.checked(Checks.notNull(assignment, "assignment"));
    Jdbc.inTransaction(
        dataSource,
        "saving a calendar assignment",
        c -> {
          try (PreparedStatement p = c.prepareStatement(upsertSql)) {
            p.setString(1, assignment.tenant().value());
            p.setString(2, assignment.resource().value());
            p.setString(3, assignment.provider());
            p.setString(4, assignment.connection().account());
            p.setString(5, assignment.calendarId());
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<ResourceCalendar> find(TenantId tenant, ResourceId resource, String provider) {
    List<ResourceCalendar> found =
        query(
            "reading a calendar assignment",
            FIND_SQL,
            Checks.notNull(tenant, "tenant").value(),
            Checks.notNull(resource, "resource").value(),
            Checks.notNull(provider, "provider"));
    return found.stream().findFirst();
  }

  @Override
  public boolean delete(TenantId tenant, ResourceId resource, String provider) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    Checks.notNull(provider, "provider");
    return Jdbc.updateTexts(
            dataSource,
            "deleting a calendar assignment",
            "DELETE FROM cita_calendar_assignment WHERE tenant_id = ? AND resource_id = ?"
                + " AND provider = ?",
            tenant.value(),
            resource.value(),
            provider)
        > 0;
  }

  @Override
  public List<ResourceCalendar> list(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return query(
        "listing a connection's calendar assignments",
        BY_CONNECTION_SQL,
        connection.tenant().value(),
        connection.provider(),
        connection.account());
  }

  @Override
  public List<ResourceCalendar> list(String provider) {
    return query(
        "listing calendar assignments", BY_PROVIDER_SQL, Checks.notNull(provider, "provider"));
  }

  private List<ResourceCalendar> query(String what, String sql, String... parameters) {
    return Jdbc.queryAll(dataSource, what, sql, CalendarRows::read, parameters);
  }

  @Override
  public String toString() {
    return "JdbcCalendarAssignmentStore";
  }
}
