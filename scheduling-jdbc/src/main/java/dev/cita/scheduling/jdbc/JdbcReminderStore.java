package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.ReminderKey;
import dev.cita.scheduling.notify.ReminderRecord;
import dev.cita.scheduling.notify.ReminderState;
import dev.cita.scheduling.spi.ReminderStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link ReminderStore} in table {@code cita_reminder}, one row per tenant and {@link
 * ReminderKey#id()}, with the semantics of {@code InMemoryReminderStore}. A claim is an
 * insert-if-absent (the primary key decides between racing nodes) or a conditional {@code UPDATE …
 * WHERE state = 'CLAIMED' AND (claim_owner IS NULL OR lease_until <= :now)}; settling updates only
 * a row the worker still holds.
 */
public final class JdbcReminderStore implements ReminderStore {
  static final int KEY_LENGTH = 1000;
  static final int MESSAGE_ID_LENGTH = 500;
  private static final String WHERE_HELD =
      " WHERE tenant_id = ? AND reminder_id = ? AND state = 'CLAIMED'" + " AND claim_owner = ?";

  /** Taking over a reminder whose claim was released or whose lease ran out. */
  static final String TAKE_OVER_SQL =
      "UPDATE cita_reminder SET claim_owner = ?, lease_until = ?, claims = claims + 1,"
          + " channel_message_id = NULL WHERE tenant_id = ? AND reminder_id = ? AND state ="
          + " 'CLAIMED' AND (claim_owner IS NULL OR lease_until IS NULL OR lease_until <= ?)";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcReminderStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public Optional<ReminderRecord> claim(
      ReminderKey key, String worker, Instant now, Duration lease) {
    checkedKey(key);
    fits(Checks.notBlank(worker, "worker"), ID_LENGTH, "worker");
    Checks.notNull(now, "now");
    Checks.positive(lease, "lease");
    Instant until = now.plus(lease);
    if (insertClaim(key, worker, until)) {
      return Optional.of(
          new ReminderRecord(
              key,
              ReminderState.CLAIMED,
              Optional.of(worker),
              Optional.of(until),
              1,
              0,
              Optional.empty(),
              Optional.empty()));
    }
    return Jdbc.inTransaction(
        dataSource,
        "taking over a reminder claim",
        c -> {
          try (PreparedStatement p = c.prepareStatement(TAKE_OVER_SQL)) {
            p.setString(1, worker);
            Jdbc.setInstant(p, 2, until);
            p.setString(3, key.tenant().value());
            p.setString(4, key.id());
            Jdbc.setInstant(p, 5, now);
            return p.executeUpdate() == 1 ? read(c, key) : Optional.<ReminderRecord>empty();
          }
        });
  }

  /** Inserts a fresh CLAIMED row; false if the reminder already has one. */
  private boolean insertClaim(ReminderKey key, String worker, Instant until) {
    String sql =
        "INSERT INTO cita_reminder (tenant_id, reminder_id, state, claim_owner, lease_until,"
            + " claims, failures) VALUES (?, ?, 'CLAIMED', ?, ?, 1, 0)"
            + (dialect == Dialect.POSTGRESQL
                ? " ON CONFLICT (tenant_id, reminder_id) DO NOTHING"
                : "");
    try {
      return Jdbc.inTransaction(
          dataSource,
          "claiming a reminder",
          c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
              p.setString(1, key.tenant().value());
              p.setString(2, key.id());
              p.setString(3, worker);
              Jdbc.setInstant(p, 4, until);
              return p.executeUpdate() == 1;
            }
          });
    } catch (SchedulingException e) {
      if (Jdbc.isUniqueViolation(e)) {
        return false;
      }
      throw e;
    }
  }

  @Override
  public boolean markSent(ReminderKey key, String worker, String channelMessageId) {
    fits(
        Checks.notBlank(channelMessageId, "channelMessageId"),
        MESSAGE_ID_LENGTH,
        "channelMessageId");
    return settle(
        key,
        worker,
        "UPDATE cita_reminder SET state = 'SENT', claim_owner = NULL, lease_until = NULL,"
            + " channel_message_id = ?"
            + WHERE_HELD,
        channelMessageId);
  }

  @Override
  public boolean markFailed(ReminderKey key, String worker, String error) {
    Checks.notNull(error, "error");
    return settle(
        key,
        worker,
        "UPDATE cita_reminder SET claim_owner = NULL, lease_until = NULL,"
            + " failures = failures + 1, channel_message_id = NULL, last_error = ?"
            + WHERE_HELD,
        error);
  }

  @Override
  public boolean abandon(ReminderKey key, String worker, String reason) {
    Checks.notNull(reason, "reason");
    return settle(
        key,
        worker,
        "UPDATE cita_reminder SET state = 'ABANDONED', claim_owner = NULL,"
            + " lease_until = NULL, channel_message_id = NULL, last_error = ?"
            + WHERE_HELD,
        reason);
  }

  private boolean settle(ReminderKey key, String worker, String sql, String value) {
    Checks.notNull(key, "key");
    Checks.notBlank(worker, "worker");
    return Jdbc.inTransaction(
        dataSource,
        "settling a reminder",
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            p.setString(1, value);
            p.setString(2, key.tenant().value());
            p.setString(3, key.id());
            p.setString(4, worker);
            return p.executeUpdate() == 1;
          }
        });
  }

  @Override
  public Optional<ReminderRecord> find(ReminderKey key) {
    Checks.notNull(key, "key");
    return Jdbc.inTransaction(dataSource, "loading a reminder", c -> read(c, key));
  }

  private static Optional<ReminderRecord> read(Connection c, ReminderKey key) throws SQLException {
    try (PreparedStatement p =
        c.prepareStatement(
            "SELECT state, claim_owner, lease_until, claims, failures, channel_message_id,"
                + " last_error FROM cita_reminder WHERE tenant_id = ? AND reminder_id = ?")) {
      p.setString(1, key.tenant().value());
      p.setString(2, key.id());
      try (ResultSet r = p.executeQuery()) {
        if (!r.next()) {
          return Optional.empty();
        }
        ReminderState state;
        try {
          state = ReminderState.valueOf(r.getString("state"));
        } catch (IllegalArgumentException e) {
          throw new SchedulingException(
              "stored row of cita_reminder ("
                  + key.id()
                  + ") has an unknown state '"
                  + r.getString("state")
                  + "'",
              e);
        }
        return Optional.of(
            new ReminderRecord(
                key,
                state,
                Optional.ofNullable(r.getString("claim_owner")),
                Optional.ofNullable(Jdbc.getNullableInstant(r, "lease_until")),
                r.getInt("claims"),
                r.getInt("failures"),
                Optional.ofNullable(r.getString("channel_message_id")),
                Optional.ofNullable(r.getString("last_error"))));
      }
    }
  }

  private static void checkedKey(ReminderKey key) {
    Checks.notNull(key, "key");
    fits(key.tenant().value(), ID_LENGTH, "reminder.tenant");
    fits(key.id(), KEY_LENGTH, "reminder.key");
  }
}
