package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.WebhookInbox;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * A {@link WebhookInbox} in table {@code cita_webhook_inbox}, keyed by provider and delivery key.
 * The SPI carries no tenant: delivery keys are the provider's own, unique across its accounts.
 * Recording a key twice keeps the first time; {@link #purgeBefore} keeps the table small.
 */
public final class JdbcWebhookInbox implements WebhookInbox {
  static final int PROVIDER_LENGTH = 100;
  static final int KEY_LENGTH = 512;

  static final String SEEN_SQL = "SELECT 1 FROM cita_webhook_inbox WHERE provider = ? AND delivery_key = ?";
  static final String PURGE_SQL = "DELETE FROM cita_webhook_inbox WHERE recorded_at < ?";

  private final DataSource dataSource;
  private final Dialect dialect;

  /** An inbox over {@code dataSource}, whose schema {@link JdbcMigrations} created. */
  public JdbcWebhookInbox(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    this.dialect = Dialect.of(dataSource);
  }

  @Override
  public boolean seen(String provider, String key) {
    Checks.notBlank(provider, "provider");
    Checks.notBlank(key, "key");
    return Jdbc.inTransaction(dataSource, "reading the webhook inbox", c -> {
      try (PreparedStatement p = c.prepareStatement(SEEN_SQL)) {
        p.setString(1, provider);
        p.setString(2, key);
        try (ResultSet r = p.executeQuery()) {
          return r.next();
        }
      }
    });
  }

  @Override
  public void record(String provider, String key, Instant at) {
    fits(Checks.notBlank(provider, "provider"), PROVIDER_LENGTH, "provider");
    fits(Checks.notBlank(key, "key"), KEY_LENGTH, "key");
    Checks.notNull(at, "at");
    String sql = dialect == Dialect.POSTGRESQL
        ? "INSERT INTO cita_webhook_inbox (provider, delivery_key, recorded_at) VALUES (?, ?, ?)"
            + " ON CONFLICT (provider, delivery_key) DO NOTHING"
        : "INSERT INTO cita_webhook_inbox (provider, delivery_key, recorded_at) VALUES (?, ?, ?)";
    try {
      Jdbc.inTransaction(dataSource, "recording a webhook delivery", c -> {
        try (PreparedStatement p = c.prepareStatement(sql)) {
          p.setString(1, provider);
          p.setString(2, key);
          Jdbc.setInstant(p, 3, at);
          return p.executeUpdate();
        }
      });
    } catch (dev.cita.scheduling.SchedulingException e) {
      if (!Jdbc.isUniqueViolation(e)) {
        throw e;
      }
      // Recorded already (H2, or a racing copy): the first time stays.
    }
  }

  /** Forgets deliveries recorded before {@code cutoff} (older than any provider retries); returns how many. */
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return Jdbc.inTransaction(dataSource, "purging the webhook inbox", c -> {
      try (PreparedStatement p = c.prepareStatement(PURGE_SQL)) {
        Jdbc.setInstant(p, 1, cutoff);
        return p.executeUpdate();
      }
    });
  }
}
