package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MappingLines;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ProviderMapping;
import dev.cita.scheduling.spi.ProviderMappingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link ProviderMappingStore} in table {@code cita_provider_mapping}, one row per line (tenant,
 * provider, kind, external id), with the line's attributes as a JSON object. A replace deletes and
 * inserts a tenant's lines in one transaction, so readers see the old lines or the new ones; of two
 * concurrent replaces of one tenant, the later to commit wins.
 */
public final class JdbcProviderMappingStore implements ProviderMappingStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> ATTRIBUTES = new TypeReference<>() {};
  private static final int ATTEMPTS = 5;
  private static final String COLUMNS =
      "tenant_id, provider, kind, external_id, resource_id, appointment_type_id, attributes";

  /** Serializes replaces of one tenant's lines at one provider, until the transaction ends. */
  private static final String LOCK_SQL =
      "SELECT pg_advisory_xact_lock(hashtext(?), hashtext('cita-provider-mapping:' || ?))";

  static final String LIST_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_provider_mapping WHERE tenant_id = ? AND provider = ?"
          + " ORDER BY kind, external_id";
  static final String TENANTS_SQL =
      "SELECT DISTINCT tenant_id FROM cita_provider_mapping WHERE provider = ? ORDER BY tenant_id";
  static final String BY_EXTERNAL_ID_SQL =
      "SELECT "
          + COLUMNS
          + " FROM cita_provider_mapping WHERE provider = ? AND kind = ? AND external_id = ?"
          + " ORDER BY tenant_id";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database
   */
  public JdbcProviderMappingStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public void replace(TenantId tenant, String provider, List<ProviderMapping> mappings) {
    List<ProviderMapping> lines = MappingLines.checked(tenant, provider, mappings);
    fits(tenant.value(), ID_LENGTH, "tenant");
    for (ProviderMapping m : lines) {
      fits(m.resource() == null ? null : m.resource().value(), ID_LENGTH, "mapping.resource");
      fits(
          m.appointmentType() == null ? null : m.appointmentType().value(),
          ID_LENGTH,
          "mapping.appointmentType");
    }
    for (int attempt = 1; ; attempt++) {
      try {
        Jdbc.inTransaction(dataSource, c -> write(c, dialect, tenant, provider, lines));
        return;
      } catch (SQLException e) {
        // A concurrent replace inserted the same lines after our delete: do it again over them.
        if (!Jdbc.isUniqueViolation(e) || attempt == ATTEMPTS) {
          throw Jdbc.failure("replacing a provider mapping", e);
        }
      }
    }
  }

  private static int write(
      Connection c, Dialect dialect, TenantId tenant, String provider, List<ProviderMapping> lines)
      throws SQLException {
    if (dialect == Dialect.POSTGRESQL) {
      try (PreparedStatement lock = c.prepareStatement(LOCK_SQL)) {
        lock.setString(1, tenant.value());
        lock.setString(2, provider);
        lock.execute();
      }
    }
    try (PreparedStatement d =
        c.prepareStatement(
            "DELETE FROM cita_provider_mapping WHERE tenant_id = ? AND provider = ?")) {
      d.setString(1, tenant.value());
      d.setString(2, provider);
      d.executeUpdate();
    }
    if (lines.isEmpty()) {
      return 0;
    }
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO cita_provider_mapping (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      for (ProviderMapping m : lines) {
        p.setString(1, tenant.value());
        p.setString(2, provider);
        p.setString(3, m.kind());
        p.setString(4, m.externalId());
        p.setString(5, m.resource() == null ? null : m.resource().value());
        p.setString(6, m.appointmentType() == null ? null : m.appointmentType().value());
        p.setString(7, json(m.attributes()));
        p.addBatch();
      }
      p.executeBatch();
    }
    return lines.size();
  }

  @Override
  public List<ProviderMapping> list(TenantId tenant, String provider) {
    return Jdbc.queryAll(
        dataSource,
        "reading a provider mapping",
        LIST_SQL,
        JdbcProviderMappingStore::read,
        Checks.notNull(tenant, "tenant").value(),
        Checks.notNull(provider, "provider"));
  }

  @Override
  public List<TenantId> tenants(String provider) {
    return Jdbc.queryAll(
        dataSource,
        "listing the tenants of a provider's mappings",
        TENANTS_SQL,
        r -> TenantId.of(r.getString("tenant_id")),
        Checks.notNull(provider, "provider"));
  }

  @Override
  public List<ProviderMapping> findByExternalId(String provider, String kind, String externalId) {
    return Jdbc.queryAll(
        dataSource,
        "finding provider mappings by external id",
        BY_EXTERNAL_ID_SQL,
        JdbcProviderMappingStore::read,
        Checks.notNull(provider, "provider"),
        Checks.notNull(kind, "kind"),
        Checks.notNull(externalId, "externalId"));
  }

  private static ProviderMapping read(ResultSet r) throws SQLException {
    String resource = r.getString("resource_id");
    String type = r.getString("appointment_type_id");
    return new ProviderMapping(
        TenantId.of(r.getString("tenant_id")),
        r.getString("provider"),
        r.getString("kind"),
        r.getString("external_id"),
        resource == null ? null : ResourceId.of(resource),
        type == null ? null : AppointmentTypeId.of(type),
        attributes(r.getString("attributes")));
  }

  private static String json(Map<String, String> attributes) {
    try {
      return JSON.writeValueAsString(attributes);
    } catch (JsonProcessingException e) {
      throw new SchedulingException("could not write mapping attributes as JSON", e);
    }
  }

  private static Map<String, String> attributes(@Nullable String json) throws SQLException {
    if (json == null) {
      return Map.of();
    }
    try {
      return JSON.readValue(json, ATTRIBUTES);
    } catch (JsonProcessingException e) {
      throw new SQLException("stored mapping attributes are not a JSON object of texts", e);
    }
  }

  @Override
  public String toString() {
    return "JdbcProviderMappingStore";
  }
}
