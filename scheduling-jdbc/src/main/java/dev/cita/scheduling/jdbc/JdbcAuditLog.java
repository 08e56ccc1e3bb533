package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An {@link AuditLog} in table {@code cita_audit_log}: one insert per entry, and {@link #recent}
 * reads a tenant's newest entries through the index on {@code (tenant_id, occurred_at, id)}, newest
 * first (entries of one instant: the latest recorded first). Entries recorded without a tenant are
 * kept but never returned by {@link #recent}. Run {@link #purgeBefore} on a schedule to keep the
 * table to your retention period.
 *
 * <pre>{@code
 * AuditLog log = new JdbcAuditLog(dataSource);
 * // daily: keep 90 days
 * log.purgeBefore(clock.instant().minus(Duration.ofDays(90)));
 * }</pre>
 */
public final class JdbcAuditLog implements AuditLog {
  /**
   * Rows deleted per statement by {@link #purgeBefore}, so a large purge never holds one long
   * transaction.
   */
  static final int PURGE_BATCH = 10_000;

  private static final String COLUMNS =
      "tenant_id, occurred_at, provider, direction, operation, outcome,"
          + " http_status, error_code, latency_nanos";
  static final String RECENT_SQL =
      "SELECT id, "
          + COLUMNS
          + " FROM cita_audit_log WHERE tenant_id = ?"
          + " ORDER BY occurred_at DESC, id DESC FETCH FIRST ? ROWS ONLY";

  private final DataSource dataSource;
  private final int purgeBatch;
  private final String purgeSql;

  /**
   * A log over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcAuditLog(DataSource dataSource) {
    this(dataSource, PURGE_BATCH);
  }

  JdbcAuditLog(DataSource dataSource, int purgeBatch) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.purgeBatch = Checks.atLeast(purgeBatch, 1, "purgeBatch");
    this.purgeSql = purgeSql(Dialect.of(dataSource), purgeBatch);
  }

  /**
   * One batch of the retention purge: the oldest {@code batch} entries started before the cutoff.
   * On PostgreSQL the ids are collected into an array first ({@code = ANY (ARRAY(…))}): with {@code
   * IN (subquery)} the planner hash-joins the batch against a sequential scan of the whole table.
   */
  static String purgeSql(Dialect dialect, int batch) {
    String oldest =
        "SELECT id FROM cita_audit_log WHERE occurred_at < ? ORDER BY occurred_at FETCH FIRST "
            + batch
            + " ROWS ONLY";
    return dialect == Dialect.POSTGRESQL
        ? "DELETE FROM cita_audit_log WHERE id = ANY (ARRAY(" + oldest + "))"
        : "DELETE FROM cita_audit_log WHERE id IN (" + oldest + ")";
  }

  @Override
  public void record(AuditEntry entry) {
    Checks.notNull(entry, "entry");
    entry.tenant().ifPresent(t -> fits(t.value(), ID_LENGTH, "auditEntry.tenant"));
    Jdbc.inTransaction(
        dataSource,
        "recording an audit entry",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO cita_audit_log ("
                      + COLUMNS
                      + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, entry.tenant().map(TenantId::value).orElse(null));
            Jdbc.setInstant(p, 2, entry.at());
            p.setString(3, entry.provider());
            p.setString(4, entry.direction().name());
            p.setString(5, entry.operation());
            p.setString(6, entry.outcome().name());
            p.setInt(7, entry.httpStatus());
            p.setString(8, entry.errorCode().orElse(null));
            p.setLong(9, nanos(entry.latency()));
            return p.executeUpdate();
          }
        });
  }

  @Override
  public List<AuditEntry> recent(TenantId tenant, int limit) {
    Checks.notNull(tenant, "tenant");
    Checks.atLeast(limit, 1, "limit");
    return Jdbc.inTransaction(
        dataSource,
        "reading the audit log",
        c -> {
          try (PreparedStatement p = c.prepareStatement(RECENT_SQL)) {
            p.setString(1, tenant.value());
            p.setInt(2, limit);
            List<AuditEntry> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(map(r, tenant));
              }
            }
            return out;
          }
        });
  }

  /**
   * Deletes the entries of every tenant that started before {@code cutoff}, a batch at a time, so a
   * large purge does not hold one long transaction.
   *
   * @param cutoff entries that started strictly before it are deleted
   * @return how many were deleted
   */
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int total = 0;
    while (true) {
      int deleted =
          Jdbc.inTransaction(
              dataSource,
              "purging the audit log",
              c -> {
                try (PreparedStatement p = c.prepareStatement(purgeSql)) {
                  Jdbc.setInstant(p, 1, cutoff);
                  return p.executeUpdate();
                }
              });
      total += deleted;
      if (deleted < purgeBatch) {
        return total;
      }
    }
  }

  private static long nanos(Duration latency) {
    try {
      return latency.toNanos();
    } catch (ArithmeticException e) {
      return Long
          .MAX_VALUE; // about 292 years: a latency that long is a bug elsewhere, but still a row
    }
  }

  private static AuditEntry map(ResultSet r, TenantId tenant) throws SQLException {
    long id = r.getLong("id");
    try {
      String errorCode = r.getString("error_code");
      return new AuditEntry(
          Jdbc.getInstant(r, "occurred_at"),
          Optional.of(tenant),
          r.getString("provider"),
          AuditEntry.Direction.valueOf(r.getString("direction")),
          r.getString("operation"),
          AuditEntry.Outcome.valueOf(r.getString("outcome")),
          r.getInt("http_status"),
          Optional.ofNullable(errorCode),
          Duration.ofNanos(r.getLong("latency_nanos")));
    } catch (IllegalArgumentException | ValidationException e) {
      throw new SchedulingException(
          "stored row " + id + " of cita_audit_log does not decode: " + e.getMessage(), e);
    }
  }
}
