package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.WebhookInbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * A {@link WebhookInbox} in table {@code cita_webhook_inbox}, keyed by tenant (empty for a delivery
 * that names none), provider and delivery key; a rejected delivery keeps its reason in {@code
 * rejection}. Recording a delivery twice keeps the first record; {@link #purgeBefore} keeps the
 * table small.
 */
public final class JdbcWebhookInbox implements WebhookInbox {
  static final int PROVIDER_LENGTH = 100;
  static final int KEY_LENGTH = 512;
  static final int TENANT_LENGTH = 200;

  static final String SEEN_SQL =
      "SELECT recorded_at, rejection FROM cita_webhook_inbox"
          + " WHERE tenant_id = ? AND provider = ? AND delivery_key = ?";
  static final String PURGE_SQL = "DELETE FROM cita_webhook_inbox WHERE recorded_at < ?";

  private final DataSource dataSource;
  private final Dialect dialect;

  /**
   * An inbox over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database; its dialect is read from it once, here
   */
  public JdbcWebhookInbox(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  private static String tenant(Delivery d) {
    return d.tenant().map(t -> t.value()).orElse("");
  }

  @Override
  public Optional<Recorded> find(Delivery delivery) {
    Checks.notNull(delivery, "delivery");
    return Jdbc.inTransaction(
        dataSource,
        "reading the webhook inbox",
        c -> {
          try (PreparedStatement p = c.prepareStatement(SEEN_SQL)) {
            p.setString(1, tenant(delivery));
            p.setString(2, delivery.provider());
            p.setString(3, delivery.key());
            try (ResultSet r = p.executeQuery()) {
              if (!r.next()) {
                return Optional.<Recorded>empty();
              }
              return Optional.of(
                  new Recorded(
                      Jdbc.getInstant(r, "recorded_at"),
                      Optional.ofNullable(r.getString("rejection"))));
            }
          }
        });
  }

  @Override
  public void record(Delivery delivery, Instant at) {
    insert(delivery, at, null);
  }

  @Override
  public void recordRejected(Delivery delivery, Instant at, String reason) {
    Checks.notBlank(reason, "reason");
    insert(delivery, at, reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason);
  }

  private void insert(Delivery delivery, Instant at, @Nullable String rejection) {
    Checks.notNull(delivery, "delivery");
    fits(tenant(delivery), TENANT_LENGTH, "delivery.tenant");
    fits(delivery.provider(), PROVIDER_LENGTH, "delivery.provider");
    fits(delivery.key(), KEY_LENGTH, "delivery.key");
    Checks.notNull(at, "at");
    String insert =
        "INSERT INTO cita_webhook_inbox (tenant_id, provider, delivery_key, recorded_at, rejection)"
            + " VALUES (?, ?, ?, ?, ?)";
    String sql =
        dialect == Dialect.POSTGRESQL
            ? insert + " ON CONFLICT (tenant_id, provider, delivery_key) DO NOTHING"
            : insert;
    try {
      Jdbc.inTransaction(
          dataSource,
          "recording a webhook delivery",
          c -> {
            try (PreparedStatement p = c.prepareStatement(sql)) {
              p.setString(1, tenant(delivery));
              p.setString(2, delivery.provider());
              p.setString(3, delivery.key());
              Jdbc.setInstant(p, 4, at);
              p.setString(5, rejection);
              return p.executeUpdate();
            }
          });
    } catch (dev.cita.scheduling.SchedulingException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
      // Recorded already (H2, or a racing copy): the first record stays.
    }
  }

  /**
   * Forgets the deliveries of every tenant recorded before {@code cutoff}; pick a cutoff older than
   * any provider retries a delivery.
   *
   * @param cutoff deliveries recorded strictly before it are deleted
   * @return how many were deleted
   */
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return Jdbc.inTransaction(
        dataSource,
        "purging the webhook inbox",
        c -> {
          try (PreparedStatement p = c.prepareStatement(PURGE_SQL)) {
            Jdbc.setInstant(p, 1, cutoff);
            return p.executeUpdate();
          }
        });
  }
}
