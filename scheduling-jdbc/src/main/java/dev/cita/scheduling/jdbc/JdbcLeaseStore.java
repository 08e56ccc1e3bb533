package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.LeaseStore;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A {@link LeaseStore} in table {@code cita_lease}, one row per lease: owner and expiry. Taking a
 * lease is a conditional {@code UPDATE … WHERE owner = :me OR lease_until <= :now} (the row lock
 * decides between racing nodes, which re-check the condition after it) or, for a lease never taken,
 * an insert that the primary key decides.
 */
public final class JdbcLeaseStore implements LeaseStore {
  static final int NAME_LENGTH = 500;

  /** Renewing one's own lease or taking over an expired one. */
  static final String TAKE_SQL =
      "UPDATE cita_lease SET owner = ?, lease_until = ? WHERE name = ? AND (owner = ? OR"
          + " lease_until <= ?)";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcLeaseStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public boolean tryAcquire(String name, String owner, Instant now, Duration duration) {
    fits(Checks.notBlank(name, "name"), NAME_LENGTH, "name");
    fits(Checks.notBlank(owner, "owner"), ID_LENGTH, "owner");
    Checks.notNull(now, "now");
    Instant until = now.plus(Checks.positive(duration, "duration"));
    return Jdbc.inReadCommitted(
        dataSource,
        dialect,
        "taking lease " + name,
        c -> {
          try (PreparedStatement p = c.prepareStatement(TAKE_SQL)) {
            p.setString(1, owner);
            Jdbc.setInstant(p, 2, until);
            p.setString(3, name);
            p.setString(4, owner);
            Jdbc.setInstant(p, 5, now);
            if (p.executeUpdate() == 1) {
              return true;
            }
          }
          return Jdbc.insertIfAbsent(
              c,
              dialect,
              "INSERT INTO cita_lease (name, owner, lease_until) VALUES (?, ?, ?)",
              p -> {
                p.setString(1, name);
                p.setString(2, owner);
                Jdbc.setInstant(p, 3, until);
              });
        });
  }

  @Override
  public boolean release(String name, String owner) {
    Checks.notBlank(name, "name");
    Checks.notBlank(owner, "owner");
    return Jdbc.inTransaction(
        dataSource,
        "giving up lease " + name,
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM cita_lease WHERE name = ? AND owner = ?")) {
            p.setString(1, name);
            p.setString(2, owner);
            return p.executeUpdate() == 1;
          }
        });
  }
}
