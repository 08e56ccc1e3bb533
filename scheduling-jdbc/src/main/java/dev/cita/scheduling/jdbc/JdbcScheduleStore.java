package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ScheduleStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ScheduleStore} in tables {@code cita_schedule} and {@code cita_appointment_type}, one
 * row per tenant and resource (or type), the value kept as JSON text. A row that cannot be read
 * back (say, a zone id the JVM no longer knows) is a {@link SchedulingException} naming the row.
 */
public final class JdbcScheduleStore implements ScheduleStore {
  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcScheduleStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<Schedule> schedule(TenantId tenant, ResourceId resource) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    Optional<String> json =
        Jdbc.inTransaction(
            dataSource,
            "loading a schedule",
            c ->
                text(
                    c,
                    "SELECT schedule_json FROM cita_schedule WHERE tenant_id = ? AND resource_id ="
                        + " ?",
                    tenant.value(),
                    resource.value()));
    return json.map(
        j -> {
          try {
            return ScheduleJson.readSchedule(j);
          } catch (Exception e) {
            throw unreadable("cita_schedule", tenant, "resource " + resource.value(), e);
          }
        });
  }

  @Override
  public void saveSchedule(TenantId tenant, ResourceId resource, Schedule schedule) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(resource, "resource");
    Checks.notNull(schedule, "schedule");
    fits(tenant.value(), ID_LENGTH, "tenantId");
    fits(resource.value(), ID_LENGTH, "resourceId");
    upsert(
        "saving a schedule",
        "cita_schedule",
        "resource_id",
        "schedule_json",
        tenant.value(),
        resource.value(),
        ScheduleJson.write(schedule));
  }

  @Override
  public Optional<AppointmentType> appointmentType(TenantId tenant, AppointmentTypeId type) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(type, "appointmentType");
    Optional<String> json =
        Jdbc.inTransaction(
            dataSource,
            "loading an appointment type",
            c ->
                text(
                    c,
                    "SELECT type_json FROM cita_appointment_type WHERE tenant_id = ? AND type_id ="
                        + " ?",
                    tenant.value(),
                    type.value()));
    return json.map(
        j -> {
          try {
            return ScheduleJson.readType(j);
          } catch (Exception e) {
            throw unreadable("cita_appointment_type", tenant, "type " + type.value(), e);
          }
        });
  }

  @Override
  public void saveAppointmentType(TenantId tenant, AppointmentType type) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(type, "appointmentType");
    fits(tenant.value(), ID_LENGTH, "tenantId");
    fits(type.id().value(), ID_LENGTH, "appointmentType.id");
    upsert(
        "saving an appointment type",
        "cita_appointment_type",
        "type_id",
        "type_json",
        tenant.value(),
        type.id().value(),
        ScheduleJson.write(type));
  }

  @Override
  public List<ResourceId> resources(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return Jdbc.inTransaction(
        dataSource,
        "listing resources",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT resource_id FROM cita_schedule WHERE tenant_id = ? ORDER BY"
                      + " resource_id")) {
            p.setString(1, tenant.value());
            List<ResourceId> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(ResourceId.of(r.getString(1)));
              }
            }
            return out;
          }
        });
  }

  private void upsert(
      String what,
      String table,
      String idColumn,
      String jsonColumn,
      String tenant,
      String id,
      String json) {
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO "
                + table
                + " (tenant_id, "
                + idColumn
                + ", "
                + jsonColumn
                + ") VALUES (?, ?, ?)"
                + " ON CONFLICT (tenant_id, "
                + idColumn
                + ") DO UPDATE SET "
                + jsonColumn
                + " = EXCLUDED."
                + jsonColumn
                + ", updated_at = CURRENT_TIMESTAMP"
            : "MERGE INTO "
                + table
                + " (tenant_id, "
                + idColumn
                + ", "
                + jsonColumn
                + ", updated_at)"
                + " KEY (tenant_id, "
                + idColumn
                + ") VALUES (?, ?, ?, CURRENT_TIMESTAMP)";
    Jdbc.inTransaction(
        dataSource,
        what,
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, tenant);
            p.setString(2, id);
            p.setString(3, json);
            return p.executeUpdate();
          }
        });
  }

  private static Optional<String> text(Connection c, String sql, String tenant, String id)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, tenant);
      p.setString(2, id);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
      }
    }
  }

  private static SchedulingException unreadable(
      String table, TenantId tenant, String row, Exception e) {
    return new SchedulingException(
        "stored row of "
            + table
            + " (tenant "
            + tenant.value()
            + ", "
            + row
            + ") cannot be read: "
            + e.getMessage(),
        e);
  }
}
