package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.ConnectionStatusStore;
import dev.cita.scheduling.token.ConnectionKey;
import dev.cita.scheduling.token.ConnectionState;
import dev.cita.scheduling.token.ConnectionStatus;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ConnectionStatusStore} in table {@code cita_connection_status}, one row per tenant,
 * provider and account.
 */
public final class JdbcConnectionStatusStore implements ConnectionStatusStore {
  static final int REASON_LENGTH = 2000;

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
                + " changed_at, reason) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id,"
                + " provider, account) DO UPDATE SET status = EXCLUDED.status, changed_at ="
                + " EXCLUDED.changed_at, reason = EXCLUDED.reason"
            : "MERGE INTO cita_connection_status (tenant_id, provider, account, status, changed_at,"
                + " reason) KEY (tenant_id, provider, account) VALUES (?, ?, ?, ?, ?, ?)";
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
}
