package dev.cita.scheduling.jdbc;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import dev.cita.scheduling.spi.ResourceCalendar;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A {@link PushChannelStore} in table {@code cita_push_channel}, one row per provider and channel
 * id, so a notification that reaches any node is verified against the channel another node opened.
 * The verification token is stored as it is (it lets a caller trigger a sync, not forge a booking):
 * restrict access to the table as to other secrets.
 */
public final class JdbcPushChannelStore implements PushChannelStore {
  private static final String COLUMNS =
      "channel_id, provider_resource_id, verification_token, expires_at, tenant_id, resource_id,"
          + " provider, account, calendar_id";

  static final String FIND_SQL =
      "SELECT " + COLUMNS + " FROM cita_push_channel WHERE provider = ? AND channel_id = ?";
  static final String LIST_SQL =
      "SELECT " + COLUMNS + " FROM cita_push_channel WHERE provider = ? ORDER BY channel_id";

  private final DataSource dataSource;
  private final String upsertSql;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcPushChannelStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.upsertSql =
        Dialect.of(dataSource)
            .upsert(
                "cita_push_channel",
                List.of(COLUMNS.split(", ")),
                List.of("provider", "channel_id"));
  }

  @Override
  public void save(PushChannel channel) {
    Checks.notNull(channel, "channel");
    ResourceCalendar a = CalendarRows.checked(channel.calendar());
    Jdbc.inTransaction(
        dataSource,
        "saving a push channel",
        c -> {
          try (PreparedStatement p = c.prepareStatement(upsertSql)) {
            p.setString(1, channel.id());
            p.setString(2, channel.providerResourceId());
            p.setString(3, channel.verificationToken());
            Jdbc.setInstant(p, 4, channel.expiresAt());
            p.setString(5, a.tenant().value());
            p.setString(6, a.resource().value());
            p.setString(7, a.provider());
            p.setString(8, a.connection().account());
            p.setString(9, a.calendarId());
            return p.executeUpdate();
          }
        });
  }

  @Override
  public Optional<PushChannel> find(String provider, String channelId) {
    return Jdbc.queryAll(
            dataSource,
            "reading a push channel",
            FIND_SQL,
            JdbcPushChannelStore::read,
            Checks.notNull(provider, "provider"),
            Checks.notNull(channelId, "channelId"))
        .stream()
        .findFirst();
  }

  @Override
  public boolean delete(String provider, String channelId) {
    return Jdbc.updateTexts(
            dataSource,
            "deleting a push channel",
            "DELETE FROM cita_push_channel WHERE provider = ? AND channel_id = ?",
            Checks.notNull(provider, "provider"),
            Checks.notNull(channelId, "channelId"))
        > 0;
  }

  @Override
  public List<PushChannel> list(String provider) {
    return Jdbc.queryAll(
        dataSource,
        "listing push channels",
        LIST_SQL,
        JdbcPushChannelStore::read,
        Checks.notNull(provider, "provider"));
  }

  private static PushChannel read(ResultSet r) throws SQLException {
    return new PushChannel(
        r.getString("channel_id"),
        r.getString("provider_resource_id"),
        r.getString("verification_token"),
        Jdbc.getInstant(r, "expires_at"),
        CalendarRows.read(r));
  }

  @Override
  public String toString() {
    return "JdbcPushChannelStore";
  }
}
