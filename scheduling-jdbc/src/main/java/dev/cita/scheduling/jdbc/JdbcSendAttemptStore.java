package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.spi.SendAttemptStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link SendAttemptStore} in table {@code cita_send_attempt}, one row per idempotency key, so a
 * key is sent at most once whichever node sends it, and a status callback received by any node
 * finds the free-text message. {@link #begin} is an insert that the primary key refuses when the
 * key is claimed; the free-text message is stored as JSON next to the provider's message id.
 *
 * <p>Stored messages hold personal data (a phone, the text): database failures are reported with
 * their SQLSTATE but without the driver's message, and old rows go with {@link #purgeBefore}.
 */
public final class JdbcSendAttemptStore implements SendAttemptStore {
  private static final int ATTEMPTS = 5;
  static final String FIND_SQL =
      "SELECT started_at, message_id FROM cita_send_attempt WHERE idempotency_key = ?";
  static final String FREE_FORM_SQL =
      "SELECT free_form FROM cita_send_attempt WHERE message_id = ? AND free_form IS NOT NULL";
  static final String PURGE_SQL = "DELETE FROM cita_send_attempt WHERE started_at < ?";
  private static final String INSERT_SQL =
      "INSERT INTO cita_send_attempt (started_at, message_id, free_form, idempotency_key)"
          + " VALUES (?, ?, ?, ?)";
  static final String RELEASE_SQL = "DELETE FROM cita_send_attempt WHERE idempotency_key = ?";
  static final String ACCEPT_SQL =
      "UPDATE cita_send_attempt SET started_at = ?, message_id = ?, free_form = ?"
          + " WHERE idempotency_key = ?";

  private final DataSource dataSource;
  private final Clock clock;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database
   * @param clock what {@link #accepted} stamps on the attempt
   */
  public JdbcSendAttemptStore(DataSource dataSource, Clock clock) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.clock = Checks.notNull(clock, "clock");
  }

  @Override
  public Optional<Attempt> begin(String idempotencyKey, Instant at) {
    MessagingStates.sendKey(idempotencyKey);
    Checks.notNull(at, "at");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (write(INSERT_SQL, idempotencyKey, at, null, null, true)) {
        return Optional.empty();
      }
      Optional<Attempt> earlier = find(idempotencyKey);
      if (earlier.isPresent()) {
        return earlier;
      }
      // The earlier claim was released between our insert and our read: claim again.
    }
    throw new SchedulingException(
        "a send's idempotency key kept changing hands; gave up after " + ATTEMPTS + " attempts");
  }

  @Override
  public void notSent(String idempotencyKey) {
    MessagingStates.sendKey(idempotencyKey);
    Jdbc.inTransactionWithoutValues(
        dataSource,
        "releasing a send attempt",
        c -> {
          try (PreparedStatement p = c.prepareStatement(RELEASE_SQL)) {
            p.setString(1, idempotencyKey);
            return p.executeUpdate();
          }
        });
  }

  @Override
  public void accepted(
      String idempotencyKey, String messageId, Optional<OutgoingMessage> freeForm) {
    MessagingStates.sendKey(idempotencyKey);
    MessagingStates.messageId(messageId);
    Checks.notNull(freeForm, "freeForm");
    String json = freeForm.map(OutgoingMessageJson::write).orElse(null);
    Instant now = clock.instant();
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      if (write(ACCEPT_SQL, idempotencyKey, now, messageId, json, false)
          || write(INSERT_SQL, idempotencyKey, now, messageId, json, true)) {
        return;
      }
      // Claimed by another call between our update and our insert: update it now.
    }
    throw new SchedulingException(
        "recording an accepted send kept racing; gave up after " + ATTEMPTS + " attempts");
  }

  /** Runs the insert or the update; false when it wrote no row (or the key exists, for insert). */
  private boolean write(
      String sql,
      String key,
      Instant at,
      @Nullable String messageId,
      @Nullable String json,
      boolean insert) {
    Jdbc.TxWork<Integer> work =
        c -> {
          try (PreparedStatement p = c.prepareStatement(sql)) {
            Jdbc.setInstant(p, 1, at);
            p.setString(2, messageId);
            p.setString(3, json);
            p.setString(4, key);
            return p.executeUpdate();
          }
        };
    return insert
        ? Jdbc.insertUnlessPresent(dataSource, "claiming a send attempt", work)
        : Jdbc.inTransactionWithoutValues(dataSource, "recording an accepted send", work) == 1;
  }

  private Optional<Attempt> find(String idempotencyKey) {
    return Jdbc.inTransactionWithoutValues(
        dataSource,
        "reading a send attempt",
        c -> {
          try (PreparedStatement p = c.prepareStatement(FIND_SQL)) {
            p.setString(1, idempotencyKey);
            try (ResultSet r = p.executeQuery()) {
              return r.next()
                  ? Optional.of(
                      new Attempt(
                          Jdbc.getInstant(r, "started_at"),
                          Optional.ofNullable(r.getString("message_id"))))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<OutgoingMessage> freeForm(String messageId) {
    MessagingStates.messageId(messageId);
    return Jdbc.inTransactionWithoutValues(
            dataSource,
            "reading a sent message",
            c -> {
              try (PreparedStatement p = c.prepareStatement(FREE_FORM_SQL)) {
                p.setString(1, messageId);
                try (ResultSet r = p.executeQuery()) {
                  return r.next() ? Optional.ofNullable(r.getString(1)) : Optional.<String>empty();
                }
              }
            })
        .map(OutgoingMessageJson::read);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return Jdbc.purgeBefore(dataSource, PURGE_SQL, cutoff, "purging old send attempts");
  }
}
