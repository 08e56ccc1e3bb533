package dev.cita.scheduling.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.Ids;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "Field length limits agree between the core and the JDBC schema": every text column a
 * core value goes into is exactly as long as the core's limit (before, an idempotency key of 255
 * characters passed {@code BookingRequest} and was refused by the 200-character column).
 */
class JdbcFieldLimitsTest {
  private static final Map<String, Integer> LIMITS = new LinkedHashMap<>();

  static {
    LIMITS.put("cita_appointment.tenant_id", TenantId.MAX_LENGTH);
    LIMITS.put("cita_appointment.id", AppointmentId.MAX_LENGTH);
    LIMITS.put("cita_appointment.resource_id", ResourceId.MAX_LENGTH);
    LIMITS.put("cita_appointment.type_id", AppointmentTypeId.MAX_LENGTH);
    LIMITS.put("cita_appointment.attendee_name", Attendee.MAX_NAME_LENGTH);
    LIMITS.put("cita_appointment.attendee_email", Attendee.MAX_EMAIL_LENGTH);
    LIMITS.put("cita_appointment.location", Appointment.MAX_LOCATION_LENGTH);
    LIMITS.put("cita_appointment.notes", Appointment.MAX_NOTES_LENGTH);
    LIMITS.put("cita_appointment.idempotency_key", Appointment.MAX_IDEMPOTENCY_KEY_LENGTH);
    LIMITS.put("cita_appointment.series_id", Ids.MAX_LENGTH);
    LIMITS.put("cita_idempotency_key.tenant_id", TenantId.MAX_LENGTH);
    LIMITS.put("cita_idempotency_key.idempotency_key", Appointment.MAX_IDEMPOTENCY_KEY_LENGTH);
    LIMITS.put("cita_idempotency_key.appointment_id", AppointmentId.MAX_LENGTH);
    LIMITS.put("cita_schedule.tenant_id", TenantId.MAX_LENGTH);
    LIMITS.put("cita_schedule.resource_id", ResourceId.MAX_LENGTH);
  }

  @Test
  void h2ColumnsAreAsLongAsTheCoreLimits() throws SQLException {
    try (HikariDataSource ds = TestDatabases.h2()) {
      assertSizes(ds);
    }
  }

  @Test
  void postgresColumnsAreAsLongAsTheCoreLimits() throws SQLException {
    HikariDataSource ds = TestDatabases.postgres();
    try {
      assertSizes(ds);
    } finally {
      TestDatabases.dropPostgres(ds);
    }
  }

  private static void assertSizes(HikariDataSource ds) throws SQLException {
    Map<String, Integer> actual = new LinkedHashMap<>();
    try (Connection c = ds.getConnection();
        PreparedStatement p =
            c.prepareStatement(
                "SELECT character_maximum_length FROM information_schema.columns WHERE"
                    + " lower(table_schema) = lower(current_schema) AND lower(table_name) = ? AND"
                    + " lower(column_name) = ?")) {
      for (String column : LIMITS.keySet()) {
        String[] parts = column.split("\\.");
        p.setString(1, parts[0]);
        p.setString(2, parts[1]);
        try (ResultSet r = p.executeQuery()) {
          actual.put(column, r.next() ? r.getInt(1) : null);
        }
      }
    }
    assertThat(actual).isEqualTo(LIMITS);
  }
}
