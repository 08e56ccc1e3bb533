package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.TokenStore;
import dev.cita.scheduling.token.ConnectionKey;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link TokenStore} in table {@code cita_token}: one binary row per tenant, provider and
 * account. It only ever holds what {@code EncryptedTokenStore} hands it (ciphertext), and {@link
 * #replace} is a compare-and-set on the stored bytes ({@code UPDATE … WHERE sealed = ?}).
 */
public final class JdbcTokenStore implements TokenStore {
  static final int PROVIDER_LENGTH = 100;
  static final int ACCOUNT_LENGTH = 320;

  /** The largest sealed credential accepted; real ones are a few KiB. */
  static final int MAX_SEALED_BYTES = 64 * 1024;

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcTokenStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  /** Refuses a connection key whose parts do not fit their columns, naming the part. */
  static ConnectionKey checked(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    fits(connection.tenant().value(), ID_LENGTH, "connection.tenant");
    fits(connection.provider(), PROVIDER_LENGTH, "connection.provider");
    fits(connection.account(), ACCOUNT_LENGTH, "connection.account");
    return connection;
  }

  private static byte[] sealed(byte[] bytes, String field) {
    Checks.notNull(bytes, field);
    if (bytes.length > MAX_SEALED_BYTES) {
      throw new ValidationException(
          field, "must be at most " + MAX_SEALED_BYTES + " bytes, was " + bytes.length);
    }
    return bytes.clone();
  }

  @Override
  public void save(ConnectionKey connection, byte[] sealedCredential) {
    checked(connection);
    byte[] value = sealed(sealedCredential, "sealedCredential");
    String sql =
        dialect == Dialect.POSTGRESQL
            ? "INSERT INTO cita_token (tenant_id, provider, account, sealed) VALUES (?, ?, ?, ?) ON"
                + " CONFLICT (tenant_id, provider, account) DO UPDATE SET sealed ="
                + " EXCLUDED.sealed, updated_at = CURRENT_TIMESTAMP"
            : "MERGE INTO cita_token (tenant_id, provider, account, sealed, updated_at)"
                + " KEY (tenant_id, provider, account) VALUES (?, ?, ?, ?, CURRENT_TIMESTAMP)";
    Jdbc.inTransaction(
        dataSource,
        "saving a token",
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            key(p, connection);
            p.setBytes(4, value);
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<byte[]> load(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return Jdbc.inTransaction(
        dataSource,
        "loading a token",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT sealed FROM cita_token WHERE tenant_id = ? AND provider = ? AND account ="
                      + " ?")) {
            key(p, connection);
            try (ResultSet r = p.executeQuery()) {
              return r.next() ? Optional.of(r.getBytes(1)) : Optional.empty();
            }
          }
        });
  }

  @Override
  public boolean replace(ConnectionKey connection, byte[] expected, byte[] replacement) {
    Checks.notNull(connection, "connection");
    byte[] old = Checks.notNull(expected, "expected").clone();
    byte[] value = sealed(replacement, "replacement");
    return Jdbc.inTransaction(
        dataSource,
        "replacing a token",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE cita_token SET sealed = ?, updated_at = CURRENT_TIMESTAMP"
                      + " WHERE tenant_id = ? AND provider = ? AND account = ? AND sealed = ?")) {
            p.setBytes(1, value);
            p.setString(2, connection.tenant().value());
            p.setString(3, connection.provider());
            p.setString(4, connection.account());
            p.setBytes(5, old);
            return p.executeUpdate() == 1;
          }
        });
  }

  @Override
  public boolean delete(ConnectionKey connection) {
    Checks.notNull(connection, "connection");
    return Jdbc.inTransaction(
        dataSource,
        "deleting a token",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM cita_token WHERE tenant_id = ? AND provider = ? AND account = ?")) {
            key(p, connection);
            return p.executeUpdate() == 1;
          }
        });
  }

  @Override
  public List<ConnectionKey> list(TenantId tenant) {
    Checks.notNull(tenant, "tenant");
    return keys(
        "SELECT tenant_id, provider, account FROM cita_token WHERE tenant_id = ?", tenant.value());
  }

  /** Every connection of every tenant: the one query here without a tenant, for key rotation. */
  @Override
  public List<ConnectionKey> listAll() {
    return keys("SELECT tenant_id, provider, account FROM cita_token", null);
  }

  private List<ConnectionKey> keys(String sql, @Nullable String tenant) {
    return Jdbc.inTransaction(
        dataSource,
        "listing tokens",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(sql + " ORDER BY tenant_id, provider, account")) {
            if (tenant != null) {
              p.setString(1, tenant);
            }
            List<ConnectionKey> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
              while (r.next()) {
                out.add(
                    ConnectionKey.of(TenantId.of(r.getString(1)), r.getString(2), r.getString(3)));
              }
            }
            return out;
          }
        });
  }

  static void key(PreparedStatement p, ConnectionKey connection) throws SQLException {
    p.setString(1, connection.tenant().value());
    p.setString(2, connection.provider());
    p.setString(3, connection.account());
  }
}
