package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.availability.Closure;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ClosureStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;

/**
 * A {@link ClosureStore} in table {@code cita_closure}, one row per tenant and closure id, the
 * closure kept as JSON text in {@code body}. A row that cannot be read back is a {@link
 * SchedulingException} naming the table and tenant.
 */
public final class JdbcClosureStore implements ClosureStore {
  private static final int BODY_LENGTH = 10_000;
  private static final String COLUMNS = "tenant_id, closure_id, body";

  static final String LIST_SQL =
      "SELECT " + COLUMNS + " FROM cita_closure WHERE tenant_id = ? ORDER BY closure_id";
  static final String DELETE_SQL =
      "DELETE FROM cita_closure WHERE tenant_id = ? AND closure_id = ?";

  private final DataSource dataSource;
  private final String upsertSql;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcClosureStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.upsertSql =
        Dialect.of(dataSource)
            .upsert(
                "cita_closure", List.of(COLUMNS.split(", ")), List.of("tenant_id", "closure_id"));
  }

  @Override
  public void save(TenantId tenant, Closure closure) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(closure, "closure");
    Jdbc.updateTexts(
        dataSource,
        "saving a closure",
        upsertSql,
        Jdbc.fits(tenant.value(), Jdbc.ID_LENGTH, "tenantId"),
        closure.id(),
        Jdbc.fits(ScheduleJson.write(closure), BODY_LENGTH, "closure"));
  }

  @Override
  public boolean remove(TenantId tenant, String id) {
    return Jdbc.updateTexts(
            dataSource,
            "removing a closure",
            DELETE_SQL,
            Checks.notNull(tenant, "tenant").value(),
            Checks.notNull(id, "id"))
        > 0;
  }

  @Override
  public List<Closure> list(TenantId tenant) {
    return Jdbc.queryAll(
        dataSource,
        "listing closures",
        LIST_SQL,
        JdbcClosureStore::read,
        Checks.notNull(tenant, "tenant").value());
  }

  private static Closure read(ResultSet r) throws SQLException {
    String tenant = r.getString("tenant_id");
    try {
      return ScheduleJson.readClosure(r.getString("body"));
    } catch (Exception e) {
      throw new SchedulingException(
          "stored row of cita_closure (tenant "
              + tenant
              + ", closure "
              + r.getString("closure_id")
              + ") cannot be read: "
              + e.getClass().getSimpleName());
    }
  }

  @Override
  public String toString() {
    return "JdbcClosureStore";
  }
}
