package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.token.PendingAuthorization;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An {@link AuthorizationStateStore} in table {@code cita_authorization_state}, shared by every
 * node, keyed by the one-time state. {@link #consume} is single-use even under a race: a {@code
 * DELETE … RETURNING} on PostgreSQL, a {@code SELECT … FOR UPDATE} and {@code DELETE} in one
 * transaction on H2; only the caller whose delete removed the row gets it. Each {@link #put} drops
 * expired entries.
 */
public final class JdbcAuthorizationStateStore implements AuthorizationStateStore {
  static final int STATE_LENGTH = 200;
  static final int PROVIDER_LENGTH = 100;
  static final int VERIFIER_LENGTH = 200;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final Clock clock;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   * @param clock what {@link #put} compares expiry times with when it drops expired entries
   */
  public JdbcAuthorizationStateStore(DataSource dataSource, Clock clock) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.clock = Checks.notNull(clock, "clock");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public void put(String state, PendingAuthorization pending) {
    fits(Checks.notBlank(state, "state"), STATE_LENGTH, "state");
    Checks.notNull(pending, "authorization");
    fits(pending.tenant().value(), ID_LENGTH, "pendingAuthorization.tenant");
    fits(pending.provider(), PROVIDER_LENGTH, "pendingAuthorization.provider");
    fits(pending.codeVerifier(), VERIFIER_LENGTH, "pendingAuthorization.codeVerifier");
    Jdbc.inTransaction(
        dataSource,
        "storing an authorization state",
        c -> {
          try (PreparedStatement purge =
              c.prepareStatement("DELETE FROM cita_authorization_state WHERE expires_at <= ?")) {
            Jdbc.setInstant(purge, 1, clock.instant());
            purge.executeUpdate();
          }
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO cita_authorization_state (state, tenant_id, provider, code_verifier,"
                      + " expires_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, state);
            p.setString(2, pending.tenant().value());
            p.setString(3, pending.provider());
            p.setString(4, pending.codeVerifier());
            Jdbc.setInstant(p, 5, pending.expiresAt());
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<PendingAuthorization> consume(String state) {
    Checks.notNull(state, "state");
    return Jdbc.inTransaction(
        dataSource,
        "consuming an authorization state",
        c ->
            dialect == Dialect.POSTGRESQL ? deleteReturning(c, state) : selectThenDelete(c, state));
  }

  private static Optional<PendingAuthorization> deleteReturning(Connection c, String state)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "DELETE FROM cita_authorization_state WHERE state = ?"
                + " RETURNING tenant_id, provider, code_verifier, expires_at")) {
      p.setString(1, state);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(pending(r)) : Optional.empty();
      }
    }
  }

  private static Optional<PendingAuthorization> selectThenDelete(Connection c, String state)
      throws SQLException {
    PendingAuthorization found;
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT tenant_id, provider, code_verifier, expires_at"
                + " FROM cita_authorization_state WHERE state = ? FOR UPDATE")) {
      p.setString(1, state);
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        found = pending(r);
      }
    }
    try (PreparedStatement d =
        c.prepareStatement("DELETE FROM cita_authorization_state WHERE state = ?")) {
      d.setString(1, state);
      // Only the caller whose delete removed the row gets it.
      return d.executeUpdate() == 1 ? Optional.of(found) : Optional.empty();
    }
  }

  private static PendingAuthorization pending(ResultSet r) throws SQLException {
    return new PendingAuthorization(
        TenantId.of(r.getString("tenant_id")),
        r.getString("provider"),
        r.getString("code_verifier"),
        Jdbc.getInstant(r, "expires_at"));
  }
}
