package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.token.ConnectLink;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ConnectLinkStore} in table {@code cita_connect_link}, shared by every node. {@link
 * #markUsed} is one conditional {@code UPDATE} at READ COMMITTED ({@code used_at IS NULL} and not
 * expired), so of several racing uses exactly one changes the row.
 */
public final class JdbcConnectLinkStore implements ConnectLinkStore {
  static final int LINK_ID_LENGTH = 200;
  static final int PROVIDER_LENGTH = 100;

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcConnectLinkStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public void put(ConnectLink link) {
    Checks.notNull(link, "link");
    fits(link.id(), LINK_ID_LENGTH, "connectLink.id");
    fits(link.tenant().value(), ID_LENGTH, "connectLink.tenant");
    fits(link.provider(), PROVIDER_LENGTH, "connectLink.provider");
    Jdbc.inTransaction(
        dataSource,
        "storing a connect link",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "INSERT INTO cita_connect_link (link_id, tenant_id, provider, expires_at,"
                      + " used_at) VALUES (?, ?, ?, ?, ?)")) {
            p.setString(1, link.id());
            p.setString(2, link.tenant().value());
            p.setString(3, link.provider());
            Jdbc.setInstant(p, 4, link.expiresAt());
            Jdbc.setInstant(p, 5, link.usedAt());
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<ConnectLink> find(String id) {
    Checks.notNull(id, "id");
    return Jdbc.inTransaction(
        dataSource,
        "reading a connect link",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "SELECT link_id, tenant_id, provider, expires_at, used_at"
                      + " FROM cita_connect_link WHERE link_id = ?")) {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                return Optional.empty();
              }
              return Optional.of(
                  new ConnectLink(
                      r.getString("link_id"),
                      TenantId.of(r.getString("tenant_id")),
                      r.getString("provider"),
                      Jdbc.getInstant(r, "expires_at"),
                      Jdbc.getNullableInstant(r, "used_at")));
            }
          }
        });
  }

  @Override
  public boolean markUsed(String id, Instant usedAt) {
    Checks.notNull(id, "id");
    Checks.notNull(usedAt, "usedAt");
    return Jdbc.inReadCommitted(
        dataSource,
        dialect,
        "using a connect link",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "UPDATE cita_connect_link SET used_at = ?"
                      + " WHERE link_id = ? AND used_at IS NULL AND expires_at > ?")) {
            Jdbc.setInstant(p, 1, usedAt);
            p.setString(2, id);
            Jdbc.setInstant(p, 3, usedAt);
            return p.executeUpdate() == 1;
          }
        });
  }
}
