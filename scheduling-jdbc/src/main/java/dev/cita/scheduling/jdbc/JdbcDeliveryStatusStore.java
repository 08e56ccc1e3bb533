package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.spi.DeliveryStatusRecord;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link DeliveryStatusStore} in table {@code cita_delivery_status}, one row per message id, so a
 * status callback received by any app node is seen by all. A {@link #replace} with a version is
 * {@code UPDATE … WHERE version = ?}, and with 0 an insert that the primary key refuses when a row
 * exists, so of racing writers exactly one wins.
 */
public final class JdbcDeliveryStatusStore implements DeliveryStatusStore {
  static final String FIND_SQL =
      "SELECT status, error_code, updated_at, version FROM cita_delivery_status"
          + " WHERE message_id = ?";
  static final String UPDATE_SQL =
      "UPDATE cita_delivery_status SET status = ?, error_code = ?, updated_at = ?,"
          + " version = version + 1 WHERE message_id = ? AND version = ?";
  static final String PURGE_SQL = "DELETE FROM cita_delivery_status WHERE updated_at < ?";
  private static final String INSERT_SQL =
      "INSERT INTO cita_delivery_status (status, error_code, updated_at, message_id, version)"
          + " VALUES (?, ?, ?, ?, 1)";

  private final DataSource dataSource;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database
   */
  public JdbcDeliveryStatusStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
  }

  @Override
  public Optional<DeliveryStatusRecord> find(String messageId) {
    MessagingStates.messageId(messageId);
    return Jdbc.inTransactionWithoutValues(
        dataSource,
        "reading a delivery status",
        c -> {
          try (PreparedStatement p = c.prepareStatement(FIND_SQL)) {
            p.setString(1, messageId);
            try (ResultSet r = p.executeQuery()) {
              return r.next()
                  ? Optional.of(
                      new DeliveryStatusRecord(
                          messageId,
                          r.getString("status"),
                          Optional.ofNullable(r.getString("error_code")),
                          Jdbc.getInstant(r, "updated_at"),
                          r.getLong("version")))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public Optional<DeliveryStatusRecord> replace(
      String messageId,
      long expectedVersion,
      String status,
      Optional<String> errorCode,
      Instant at) {
    MessagingStates.deliveryStatus(messageId, expectedVersion, status, errorCode, at);
    boolean written;
    if (expectedVersion == 0) {
      written =
          Jdbc.insertUnlessPresent(
              dataSource,
              "recording a delivery status",
              c -> {
                try (PreparedStatement p = c.prepareStatement(INSERT_SQL)) {
                  bind(p, messageId, status, errorCode, at);
                  return p.executeUpdate();
                }
              });
    } else {
      written =
          Jdbc.inTransactionWithoutValues(
              dataSource,
              "updating a delivery status",
              c -> {
                try (PreparedStatement p = c.prepareStatement(UPDATE_SQL)) {
                  bind(p, messageId, status, errorCode, at);
                  p.setLong(5, expectedVersion);
                  return p.executeUpdate() == 1;
                }
              });
    }
    return written
        ? Optional.of(
            new DeliveryStatusRecord(messageId, status, errorCode, at, expectedVersion + 1))
        : Optional.empty();
  }

  private static void bind(
      PreparedStatement p, String messageId, String status, Optional<String> errorCode, Instant at)
      throws SQLException {
    p.setString(1, status);
    p.setString(2, errorCode.orElse(null));
    Jdbc.setInstant(p, 3, at);
    p.setString(4, messageId);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return Jdbc.purgeBefore(dataSource, PURGE_SQL, cutoff, "purging old delivery statuses");
  }
}
