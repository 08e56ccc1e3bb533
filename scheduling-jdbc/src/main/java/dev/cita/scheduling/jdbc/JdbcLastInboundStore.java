package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.spi.LastInboundStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link LastInboundStore} in table {@code cita_last_inbound}, one row per scope and contact, so
 * every app node sees the same customer service windows. A message is recorded by {@code UPDATE …
 * WHERE last_inbound_at < ?} (so the time only grows, whatever order concurrent writers commit in),
 * or by an insert when there is no row; a closed window is one conditional {@code DELETE}.
 *
 * <p>Contacts are personal data (phone numbers): database failures are reported with their SQLSTATE
 * but without the driver's message, which may repeat the contact.
 */
public final class JdbcLastInboundStore implements LastInboundStore {
  private static final int ATTEMPTS = 5;
  static final String FIND_SQL =
      "SELECT last_inbound_at FROM cita_last_inbound WHERE scope = ? AND contact = ?";
  static final String FIND_FOR_UPDATE_SQL = FIND_SQL + " FOR UPDATE";
  static final String RAISE_SQL =
      "UPDATE cita_last_inbound SET last_inbound_at = ?"
          + " WHERE scope = ? AND contact = ? AND last_inbound_at < ?";
  static final String CLOSE_SQL =
      "DELETE FROM cita_last_inbound WHERE scope = ? AND contact = ? AND last_inbound_at <= ?";
  static final String PURGE_SQL = "DELETE FROM cita_last_inbound WHERE last_inbound_at < ?";
  private static final String INSERT_SQL =
      "INSERT INTO cita_last_inbound (scope, contact, last_inbound_at) VALUES (?, ?, ?)";

  private final DataSource dataSource;
  private volatile @Nullable Dialect dialect; // read on first write, so building needs no database

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database
   */
  public JdbcLastInboundStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
  }

  private Dialect dialect() {
    Dialect d = dialect;
    if (d == null) {
      d = Dialect.of(dataSource);
      dialect = d;
    }
    return d;
  }

  @Override
  public void recordInbound(String scope, String contact, Instant at) {
    MessagingStates.inbound(scope, contact, at);
    boolean postgres = dialect() == Dialect.POSTGRESQL;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      // The row is locked before it is compared, so two writers take turns and the later time
      // always wins; a conditional UPDATE alone can lose to a concurrent one on H2.
      boolean held =
          Jdbc.inTransactionWithoutValues(
              dataSource,
              "recording an inbound message",
              c -> {
                if (postgres) {
                  try (Statement st = c.createStatement()) {
                    st.execute(Jdbc.READ_COMMITTED_FIRST);
                  }
                }
                Optional<Instant> current = find(c, FIND_FOR_UPDATE_SQL, scope, contact);
                if (current.isEmpty()) {
                  return false;
                }
                if (current.get().isBefore(at)) {
                  try (PreparedStatement p = c.prepareStatement(RAISE_SQL)) {
                    Jdbc.setInstant(p, 1, at);
                    p.setString(2, scope);
                    p.setString(3, contact);
                    Jdbc.setInstant(p, 4, at);
                    p.executeUpdate();
                  }
                }
                return true;
              });
      if (held
          || Jdbc.insertUnlessPresent(
              dataSource,
              "recording an inbound message",
              c -> {
                try (PreparedStatement p = c.prepareStatement(INSERT_SQL)) {
                  p.setString(1, scope);
                  p.setString(2, contact);
                  Jdbc.setInstant(p, 3, at);
                  return p.executeUpdate();
                }
              })) {
        return;
      }
      // Another node inserted the row meanwhile: raise it now.
    }
    throw new SchedulingException(
        "recording an inbound message of scope "
            + scope
            + " kept racing; gave up after "
            + ATTEMPTS
            + " attempts");
  }

  @Override
  public void recordClosed(String scope, String contact, Instant at) {
    MessagingStates.inbound(scope, contact, at);
    Jdbc.inTransactionWithoutValues(
        dataSource,
        "recording a closed window",
        c -> {
          try (PreparedStatement p = c.prepareStatement(CLOSE_SQL)) {
            p.setString(1, scope);
            p.setString(2, contact);
            Jdbc.setInstant(p, 3, at);
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<Instant> lastInbound(String scope, String contact) {
    MessagingStates.key(scope, MAX_KEY, "scope");
    MessagingStates.key(contact, MAX_KEY, "contact");
    return Jdbc.inTransactionWithoutValues(
        dataSource, "reading an inbound message", c -> find(c, FIND_SQL, scope, contact));
  }

  private static Optional<Instant> find(Connection c, String sql, String scope, String contact)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setString(1, scope);
      p.setString(2, contact);
      try (ResultSet r = p.executeQuery()) {
        return r.next() ? Optional.of(Jdbc.getInstant(r, "last_inbound_at")) : Optional.empty();
      }
    }
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return Jdbc.purgeBefore(dataSource, PURGE_SQL, cutoff, "purging old inbound messages");
  }
}
