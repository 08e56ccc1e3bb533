package dev.cita.scheduling.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.MessageKind;
import dev.cita.scheduling.notify.StaffMember;
import dev.cita.scheduling.notify.StaffRole;
import dev.cita.scheduling.spi.StaffStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link StaffStore} in table {@code cita_staff_member}, one row per tenant and member id; the
 * name, resources, channel addresses, kinds and locale are kept as JSON in {@code body}. The
 * addresses are personal data: restrict access to the table accordingly.
 */
public final class JdbcStaffStore implements StaffStore {
  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private static final int BODY_LENGTH = 100_000;
  private static final String COLUMNS = "tenant_id, staff_id, role, body";

  static final String FIND_SQL =
      "SELECT " + COLUMNS + " FROM cita_staff_member WHERE tenant_id = ? AND staff_id = ?";
  static final String LIST_SQL =
      "SELECT " + COLUMNS + " FROM cita_staff_member WHERE tenant_id = ? ORDER BY staff_id";

  private final DataSource dataSource;
  private final String upsertSql;

  private record Body(
      String name,
      List<String> resources,
      Map<String, String> addresses,
      List<String> kinds,
      String locale) {}

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcStaffStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.upsertSql =
        Dialect.of(dataSource)
            .upsert(
                "cita_staff_member",
                List.of(COLUMNS.split(", ")),
                List.of("tenant_id", "staff_id"));
  }

  @Override
  public void save(StaffMember member) {
    Checks.notNull(member, "member");
    String tenant = Jdbc.fits(member.tenant().value(), Jdbc.ID_LENGTH, "tenant");
    String body = Jdbc.fits(encode(member), BODY_LENGTH, "member");
    Jdbc.updateTexts(
        dataSource,
        "saving a staff member",
        upsertSql,
        tenant,
        member.id(),
        member.role().name(),
        body);
  }

  @Override
  public boolean remove(TenantId tenant, String id) {
    return Jdbc.updateTexts(
            dataSource,
            "removing a staff member",
            "DELETE FROM cita_staff_member WHERE tenant_id = ? AND staff_id = ?",
            Checks.notNull(tenant, "tenant").value(),
            Checks.notNull(id, "id"))
        > 0;
  }

  @Override
  public List<StaffMember> list(TenantId tenant) {
    return Jdbc.queryAll(
        dataSource,
        "listing staff members",
        LIST_SQL,
        JdbcStaffStore::read,
        Checks.notNull(tenant, "tenant").value());
  }

  @Override
  public Optional<StaffMember> find(TenantId tenant, String id) {
    return Jdbc.queryAll(
            dataSource,
            "reading a staff member",
            FIND_SQL,
            JdbcStaffStore::read,
            Checks.notNull(tenant, "tenant").value(),
            Checks.notNull(id, "id"))
        .stream()
        .findFirst();
  }

  private static String encode(StaffMember m) {
    Body body =
        new Body(
            m.name(),
            m.resources().stream().map(ResourceId::value).toList(),
            new LinkedHashMap<>(m.addresses()),
            m.kinds().stream().map(Enum::name).toList(),
            m.locale().toLanguageTag());
    try {
      return JSON.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new SchedulingException("cannot encode a staff member: " + e.getOriginalMessage(), e);
    }
  }

  private static StaffMember read(ResultSet r) throws SQLException {
    String tenant = r.getString("tenant_id");
    try {
      Body body = JSON.readValue(r.getString("body"), Body.class);
      StaffMember.Builder b =
          StaffMember.builder(
                  TenantId.of(tenant),
                  r.getString("staff_id"),
                  StaffRole.valueOf(r.getString("role")))
              .name(body.name())
              .kinds(body.kinds().stream().map(MessageKind::valueOf).toArray(MessageKind[]::new))
              .locale(Locale.forLanguageTag(body.locale()));
      body.resources().forEach(id -> b.resource(ResourceId.of(id)));
      body.addresses().forEach(b::address);
      return b.build();
    } catch (JsonProcessingException | IllegalArgumentException | ValidationException e) {
      throw new SchedulingException(
          "stored row of cita_staff_member (tenant "
              + tenant
              + ") cannot be read: "
              + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "JdbcStaffStore";
  }
}
