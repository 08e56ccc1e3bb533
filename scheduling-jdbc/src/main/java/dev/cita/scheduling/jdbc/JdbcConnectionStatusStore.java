package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import dev.cita.scheduling.token.PendingRevocation;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * A {@link ConnectionStatusStore} in table {@code cita_connection_status}, one row per tenant,
 * provider and account. A pending revocation lives in the same row (columns {@code
 * revocation_attempts}, {@code revocation_due_at}); claims are conditional writes, so one of
 * several nodes wins each.
 */
public final class JdbcConnectionStatusStore implements ConnectionStatusStore {
  static final int REASON_LENGTH = 2000;

  /** Due revocations, earliest first (index {@code cita_connection_status_revocation_due}). */
  static final String DUE_SQL =
      "SELECT tenant_id, provider, account, revocation_attempts, revocation_due_at"
          + " FROM cita_connection_status WHERE status = 'REVOKING' AND revocation_due_at <= ?"
          + " ORDER BY revocation_due_at LIMIT ?";

  /** Connections of one status per provider (index {@code cita_connection_status_by_status}). */
  static final String COUNT_BY_PROVIDER_SQL =
      "SELECT provider, COUNT(*) AS n FROM cita_connection_status WHERE status = ?"
          + " GROUP BY provider";

  /** One provider's connections of one status (index {@code cita_connection_status_by_status}). */
  static final String WITH_STATUS_SQL =
      "SELECT tenant_id, provider, account FROM cita_connection_status"
          + " WHERE status = ? AND provider = ? ORDER BY tenant_id, account LIMIT ?";

  private static final String SET_REVOKING =
      "status = ?, changed_at = ?, reason = ?, revocation_attempts = ?, revocation_due_at = ?";
  private static final String NEXT_ATTEMPT_SQL =
      "UPDATE cita_connection_status SET "
          + SET_REVOKING
          + " WHERE tenant_id = ? AND provider = ? AND account = ? AND status = 'REVOKING'"
          + " AND revocation_attempts = ?";
  private static final String START_IF_NOT_REVOKING_SQL =
      "UPDATE cita_connection_status SET "
          + SET_REVOKING
          + " WHERE tenant_id = ? AND provider = ? AND account = ? AND status <> 'REVOKING'";
  private static final String INSERT_COLUMNS =
      "INSERT INTO cita_connection_status (status, changed_at, reason, revocation_attempts,"
          + " revocation_due_at, tenant_id, provider, account) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  private static final String START_POSTGRES_SQL =
      INSERT_COLUMNS
          + " ON CONFLICT (tenant_id, provider, account) DO UPDATE SET status = EXCLUDED.status,"
          + " changed_at = EXCLUDED.changed_at, reason = EXCLUDED.reason, revocation_attempts ="
          + " EXCLUDED.revocation_attempts, revocation_due_at = EXCLUDED.revocation_due_at"
          + " WHERE cita_connection_status.status <> 'REVOKING'";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcConnectionStatusStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<ConnectionState> load(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return Jdbc.inTransaction(
        dataSource,
        "loading a connection status",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT status, changed_at, reason FROM cita_connection_status"
                      + " WHERE tenant_id = ? AND provider = ? AND account = ?")) {
            JdbcTokenStore.key(p, connection);
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                return Optional.empty();
              }
              ConnectionStatus status;
              try {
                status = ConnectionStatus.valueOf(r.getString("status"));
              } catch (IllegalArgumentException e) {
                throw new SchedulingException(
                    "stored row of cita_connection_status ("
                        + connection
                        + ") has an unknown status '"
                        + r.getString("status")
                        + "'",
                    e);
              }
              return Optional.of(
                  new ConnectionState(
                      status, Jdbc.getInstant(r, "changed_at"), r.getString("reason")));
            }
          }
        });
  }

  @Override
  public void save(ConnectionKey connection, ConnectionState state) {
    JdbcTokenStore.checked(connection);
    Checks.notNull(state, "state");
    fits(state.reason(), REASON_LENGTH, "connectionState.reason");
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO cita_connection_status (tenant_id, provider, account, status,"
                + " changed_at, reason, revocation_attempts, revocation_due_at) VALUES (?, ?, ?,"
                + " ?, ?, ?, 0, NULL) ON CONFLICT (tenant_id, provider, account) DO UPDATE SET"
                + " status = EXCLUDED.status, changed_at = EXCLUDED.changed_at, reason ="
                + " EXCLUDED.reason, revocation_attempts = 0, revocation_due_at = NULL"
            : "MERGE INTO cita_connection_status (tenant_id, provider, account, status, changed_at,"
                + " reason, revocation_attempts, revocation_due_at) KEY (tenant_id, provider,"
                + " account) VALUES (?, ?, ?, ?, ?, ?, 0, NULL)";
    Jdbc.inTransaction(
        dataSource,
        "saving a connection status",
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            JdbcTokenStore.key(p, connection);
            p.setString(4, state.status().name());
            Jdbc.setInstant(p, 5, state.changedAt());
            p.setString(6, state.reason());
            return p.executeUpdate();
          }
        });
  }

  @Override
  public boolean claimRevocation(
      ConnectionState state, PendingRevocation next, int expectedAttempts) {
    Checks.notNull(state, "state");
    Checks.notNull(next, "next");
    JdbcTokenStore.checked(next.connection());
    if (state.status() != ConnectionStatus.REVOKING) {
      throw new ValidationException("state.status", "must be REVOKING, was " + state.status());
    }
    Checks.atLeast(expectedAttempts, 0, "expectedAttempts");
    fits(state.reason(), REASON_LENGTH, "connectionState.reason");
    return Jdbc.inTransaction(
        dataSource,
        "claiming a revocation",
        c -> {
          if (expectedAttempts > 0) {
            return write(c, NEXT_ATTEMPT_SQL, state, next, expectedAttempts) == 1;
          }
          if (dialect == Dialect.POSTGRESQL) {
            return write(c, START_POSTGRES_SQL, state, next, -1) == 1;
          }
          return write(c, START_IF_NOT_REVOKING_SQL, state, next, -1) == 1
              || insertUnlessPresent(c, state, next);
        });
  }

  /** H2: the row did not exist, or is REVOKING already (then the insert is a unique violation). */
  private static boolean insertUnlessPresent(
      Connection c, ConnectionState state, PendingRevocation next) throws SQLException {
    try {
      return write(c, INSERT_COLUMNS, state, next, -1) == 1;
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  /** Binds the five new values, the key and, when not negative, the expected attempts. */
  private static int write(
      Connection c, String sql, ConnectionState state, PendingRevocation next, int expected)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, state.status().name());
      Jdbc.setInstant(p, 2, state.changedAt());
      p.setString(3, state.reason());
      p.setInt(4, next.attempts());
      Jdbc.setInstant(p, 5, next.dueAt());
      ConnectionKey key = next.connection();
      p.setString(6, key.tenant().value());
      p.setString(7, key.provider());
      p.setString(8, key.account());
      if (expected >= 0) {
        p.setInt(9, expected);
      }
      return p.executeUpdate();
    }
  }

  @Override
  public SortedMap<String, Long> countByProvider(ConnectionStatus status) {
    Checks.notNull(status, "status");
    return Jdbc.inTransaction(
        dataSource,
        "counting connections by status",
        c -> {
          try (PreparedStatement p = c.prepareStatement(COUNT_BY_PROVIDER_SQL)) {
            p.setString(1, status.name());
            SortedMap<String, Long> counts = new TreeMap<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                counts.put(r.getString("provider"), r.getLong("n"));
              }
            }
            return counts;
          }
        });
  }

  @Override
  public List<ConnectionKey> withStatus(ConnectionStatus status, String provider, int limit) {
    Checks.notNull(status, "status");
    Checks.notBlank(provider, "provider");
    Checks.atLeast(limit, 1, "limit");
    return Jdbc.inTransaction(
        dataSource,
        "listing connections by status",
        c -> {
          try (PreparedStatement p = c.prepareStatement(WITH_STATUS_SQL)) {
            p.setString(1, status.name());
            p.setString(2, provider);
            p.setInt(3, limit);
            List<ConnectionKey> keys = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                keys.add(
                    ConnectionKey.of(
                        TenantId.of(r.getString("tenant_id")),
                        r.getString("provider"),
                        r.getString("account")));
              }
            }
            return keys;
          }
        });
  }

  @Override
  public List<PendingRevocation> dueRevocations(Instant now, int limit) {
    Checks.notNull(now, "now");
    Checks.atLeast(limit, 1, "limit");
    return Jdbc.inTransaction(
        dataSource,
        "listing due revocations",
        c -> {
          try (PreparedStatement p = c.prepareStatement(DUE_SQL)) {
            Jdbc.setInstant(p, 1, now);
            p.setInt(2, limit);
            List<PendingRevocation> due = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                due.add(
                    new PendingRevocation(
                        ConnectionKey.of(
                            TenantId.of(r.getString("tenant_id")),
                            r.getString("provider"),
                            r.getString("account")),
                        r.getInt("revocation_attempts"),
                        Jdbc.getInstant(r, "revocation_due_at")));
              }
            }
            return due;
          }
        });
  }
}
