package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.ConversationStates;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateRecord;
import dev.cita.scheduling.spi.ConversationStateStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ConversationStateStore} in table {@code cita_conversation_state}, one row per tenant and
 * customer key, with the semantics the testkit's contract pins. On PostgreSQL each write is one
 * statement ({@code INSERT … ON CONFLICT DO UPDATE … RETURNING version}; for {@link #replace} with
 * version 0 the update only takes over an expired row); on H2 it is an update, then an insert if
 * there was no row, in one transaction. A {@link #replace} with a version is {@code UPDATE … WHERE
 * version = ? AND expires_at > ?}, so of racing writers exactly one wins.
 *
 * <p>Customer keys are personal data (phone numbers): database failures are reported with their
 * SQLSTATE but without the driver's message, which may repeat the key.
 */
public final class JdbcConversationStateStore implements ConversationStateStore {
  private static final int SAVE_ATTEMPTS = 5;
  static final String FIND_SQL =
      "SELECT state, version, updated_at, expires_at FROM cita_conversation_state"
          + " WHERE tenant_id = ? AND customer_key = ? AND expires_at > ?";
  static final String PURGE_SQL = "DELETE FROM cita_conversation_state WHERE expires_at <= ?";
  private static final String INSERT =
      "INSERT INTO cita_conversation_state (tenant_id, customer_key, state, version, updated_at,"
          + " expires_at) VALUES (?, ?, ?, 1, ?, ?)";
  private static final String SET =
      " SET state = ?, version = version + 1, updated_at = ?, expires_at = ?";
  private static final String WHERE_KEY = " WHERE tenant_id = ? AND customer_key = ?";
  private static final String PG_UPSERT =
      INSERT
          + " ON CONFLICT (tenant_id, customer_key) DO UPDATE SET"
          + " state = EXCLUDED.state, version = cita_conversation_state.version + 1,"
          + " updated_at = EXCLUDED.updated_at, expires_at = EXCLUDED.expires_at";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcConversationStateStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<ConversationStateRecord> find(TenantId tenant, String customerKey, Instant now) {
    Checks.notNull(tenant, "tenant");
    ConversationStates.checkKey(customerKey);
    Checks.notNull(now, "now");
    return run(
        "reading a conversation state",
        c -> {
          try (PreparedStatement p = c.prepareStatement(FIND_SQL)) {
            p.setString(1, tenant.value());
            p.setString(2, customerKey);
            Jdbc.setInstant(p, 3, now);
            try (ResultSet r = p.executeQuery()) {
              return r.next()
                  ? Optional.of(
                      new ConversationStateRecord(
                          tenant,
                          customerKey,
                          r.getBytes("state"),
                          r.getLong("version"),
                          Jdbc.getInstant(r, "updated_at"),
                          Jdbc.getInstant(r, "expires_at")))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public ConversationStateRecord save(
      TenantId tenant, String customerKey, byte[] state, Instant now, Instant expiresAt) {
    checkedWrite(tenant, customerKey, state, now, expiresAt);
    byte[] bytes = state.clone();
    if (dialect == Dialect.POSTGRESQL) {
      long version =
          run(
                  "saving a conversation state",
                  c -> {
                    try (PreparedStatement p =
                        c.prepareStatement(PG_UPSERT + " RETURNING version")) {
                      bindInsert(p, tenant, customerKey, bytes, now, expiresAt);
                      return single(p);
                    }
                  })
              .orElseThrow();
      return new ConversationStateRecord(tenant, customerKey, bytes, version, now, expiresAt);
    }
    for (int attempt = 0; attempt < SAVE_ATTEMPTS; attempt++) {
      Optional<Long> version =
          tryH2Write("saving a conversation state", tenant, customerKey, bytes, now, expiresAt, "");
      if (version.isPresent()) {
        return new ConversationStateRecord(
            tenant, customerKey, bytes, version.get(), now, expiresAt);
      }
      // Another writer inserted the row between our update and our insert: update it now.
    }
    throw new SchedulingException(
        "saving a conversation state of tenant "
            + tenant
            + " kept racing; gave up after "
            + SAVE_ATTEMPTS
            + " attempts");
  }

  @Override
  public Optional<ConversationStateRecord> replace(
      TenantId tenant,
      String customerKey,
      long expectedVersion,
      byte[] state,
      Instant now,
      Instant expiresAt) {
    checkedWrite(tenant, customerKey, state, now, expiresAt);
    ConversationStates.checkExpectedVersion(expectedVersion);
    byte[] bytes = state.clone();
    Optional<Long> version;
    if (expectedVersion > 0) {
      version =
          run(
              "replacing a conversation state",
              c -> {
                try (PreparedStatement p =
                    c.prepareStatement(
                        "UPDATE cita_conversation_state"
                            + SET
                            + WHERE_KEY
                            + " AND version = ? AND expires_at > ?")) {
                  bindSet(p, bytes, now, expiresAt);
                  p.setString(4, tenant.value());
                  p.setString(5, customerKey);
                  p.setLong(6, expectedVersion);
                  Jdbc.setInstant(p, 7, now);
                  return p.executeUpdate() == 1
                      ? Optional.of(expectedVersion + 1)
                      : Optional.<Long>empty();
                }
              });
    } else if (dialect == Dialect.POSTGRESQL) {
      version =
          run(
              "creating a conversation state",
              c -> {
                try (PreparedStatement p =
                    c.prepareStatement(
                        PG_UPSERT
                            + " WHERE cita_conversation_state.expires_at <= ? RETURNING version")) {
                  bindInsert(p, tenant, customerKey, bytes, now, expiresAt);
                  Jdbc.setInstant(p, 6, now);
                  return single(p);
                }
              });
    } else {
      version =
          tryH2Write(
              "creating a conversation state",
              tenant,
              customerKey,
              bytes,
              now,
              expiresAt,
              " AND expires_at <= ?");
    }
    return version.map(
        v -> new ConversationStateRecord(tenant, customerKey, bytes, v, now, expiresAt));
  }

  /**
   * H2: updates the row if it matches {@code condition} (bound to {@code now}), else inserts one;
   * empty if a row exists that the condition excludes, or one was inserted meanwhile.
   */
  private Optional<Long> tryH2Write(
      String what,
      TenantId tenant,
      String customerKey,
      byte[] bytes,
      Instant now,
      Instant expiresAt,
      String condition) {
    try {
      return Jdbc.inTransaction(
          dataSource,
          c -> {
            try (PreparedStatement p =
                c.prepareStatement(
                    "UPDATE cita_conversation_state" + SET + WHERE_KEY + condition)) {
              bindSet(p, bytes, now, expiresAt);
              p.setString(4, tenant.value());
              p.setString(5, customerKey);
              if (!condition.isEmpty()) {
                Jdbc.setInstant(p, 6, now);
              }
              if (p.executeUpdate() == 1) {
                return Optional.of(version(c, tenant, customerKey));
              }
            }
            try (PreparedStatement p = c.prepareStatement(INSERT)) {
              bindInsert(p, tenant, customerKey, bytes, now, expiresAt);
              p.executeUpdate();
              return Optional.of(1L);
            }
          });
    } catch (SQLException e) {
      if (Jdbc.isUniqueViolation(e)) {
        return Optional.empty();
      }
      throw Jdbc.failureWithoutValues(what, e);
    }
  }

  @Override
  public boolean delete(TenantId tenant, String customerKey) {
    Checks.notNull(tenant, "tenant");
    ConversationStates.checkKey(customerKey);
    return run(
        "deleting a conversation state",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement("DELETE FROM cita_conversation_state" + WHERE_KEY)) {
            p.setString(1, tenant.value());
            p.setString(2, customerKey);
            return p.executeUpdate() == 1;
          }
        });
  }

  @Override
  public int purgeExpired(Instant now) {
    Checks.notNull(now, "now");
    return run(
        "purging expired conversation states",
        c -> {
          try (PreparedStatement p = c.prepareStatement(PURGE_SQL)) {
            Jdbc.setInstant(p, 1, now);
            return p.executeUpdate();
          }
        });
  }

  private static void checkedWrite(
      TenantId tenant, String customerKey, byte[] state, Instant now, Instant expiresAt) {
    ConversationStates.checkWrite(tenant, customerKey, state, now, expiresAt);
    fits(tenant.value(), ID_LENGTH, "tenant");
  }

  private static long version(Connection c, TenantId tenant, String customerKey)
      throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement("SELECT version FROM cita_conversation_state" + WHERE_KEY)) {
      p.setString(1, tenant.value());
      p.setString(2, customerKey);
      return single(p)
          .orElseThrow(() -> new SQLException("row vanished inside its own transaction"));
    }
  }

  private static Optional<Long> single(PreparedStatement p) throws SQLException {
    try (ResultSet r = p.executeQuery()) {
      return r.next() ? Optional.of(r.getLong(1)) : Optional.empty();
    }
  }

  private static void bindInsert(
      PreparedStatement p,
      TenantId tenant,
      String customerKey,
      byte[] bytes,
      Instant now,
      Instant expiresAt)
      throws SQLException {
    p.setString(1, tenant.value());
    p.setString(2, customerKey);
    p.setBytes(3, bytes);
    Jdbc.setInstant(p, 4, now);
    Jdbc.setInstant(p, 5, expiresAt);
  }

  private static void bindSet(PreparedStatement p, byte[] bytes, Instant now, Instant expiresAt)
      throws SQLException {
    p.setBytes(1, bytes);
    Jdbc.setInstant(p, 2, now);
    Jdbc.setInstant(p, 3, expiresAt);
  }

  private <T> T run(String what, Jdbc.TxWork<T> work) {
    try {
      return Jdbc.inTransaction(dataSource, work);
    } catch (SQLException e) {
      throw Jdbc.failureWithoutValues(what, e);
    }
  }
}
