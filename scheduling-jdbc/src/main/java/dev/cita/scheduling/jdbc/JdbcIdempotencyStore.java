package dev.cita.scheduling.jdbc;

import static dev.cita.scheduling.jdbc.Jdbc.ID_LENGTH;
import static dev.cita.scheduling.jdbc.Jdbc.fits;

import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.IdempotencyRecord;
import dev.cita.scheduling.spi.IdempotencyStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * An {@link IdempotencyStore} in table {@code cita_idempotency_key}, keyed by tenant and key. The
 * primary key decides races: of several concurrent claims, one insert succeeds and the others get
 * the record that holds the key.
 */
public final class JdbcIdempotencyStore implements IdempotencyStore {
  static final int KEY_LENGTH = JdbcAppointmentStore.MAX_IDEMPOTENCY_KEY;
  static final int FINGERPRINT_LENGTH = 512;
  private static final int ATTEMPTS = 5;

  static final String FIND_SQL =
      "SELECT request_fingerprint, appointment_id, created_at"
          + " FROM cita_idempotency_key WHERE tenant_id = ? AND idempotency_key = ?";

  private final DataSource dataSource;

  /**
   * A store over {@code dataSource}, whose schema {@link JdbcMigrations} created.
   *
   * @param dataSource the database
   */
  public JdbcIdempotencyStore(DataSource dataSource) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
  }

  @Override
  public Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record) {
    Checks.notNull(record, "idempotencyRecord");
    fits(record.tenant().value(), ID_LENGTH, "tenantId");
    fits(record.key(), KEY_LENGTH, "idempotencyKey");
    fits(record.requestFingerprint(), FINGERPRINT_LENGTH, "idempotency.requestFingerprint");
    fits(record.appointmentId().value(), ID_LENGTH, "idempotency.appointmentId");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      try {
        Jdbc.inTransaction(
            dataSource,
            "claiming an idempotency key",
            c -> {
              try (PreparedStatement p =
                  c.prepareStatement(
                      "INSERT INTO cita_idempotency_key (tenant_id, idempotency_key,"
                          + " request_fingerprint, appointment_id, created_at) VALUES (?, ?, ?, ?,"
                          + " ?)")) {
                p.setString(1, record.tenant().value());
                p.setString(2, record.key());
                p.setString(3, record.requestFingerprint());
                p.setString(4, record.appointmentId().value());
                Jdbc.setInstant(p, 5, record.createdAt());
                return p.executeUpdate();
              }
            });
        return Optional.empty();
      } catch (SchedulingException e) {
        if (!Jdbc.isUniqueViolation(e)) {
          throw e;
        }
      }
      Optional<IdempotencyRecord> holder = find(record.tenant(), record.key());
      if (holder.isPresent()) {
        return holder;
      }
      // The holder was removed between our insert and our read: claim again.
    }
    throw new SchedulingException(
        "idempotency key of tenant "
            + record.tenant().value()
            + " kept changing hands; gave up after "
            + ATTEMPTS
            + " attempts");
  }

  @Override
  public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(key, "idempotencyKey");
    return Jdbc.inTransaction(
        dataSource,
        "loading an idempotency key",
        c -> {
          try (PreparedStatement p = c.prepareStatement(FIND_SQL)) {
            p.setString(1, tenant.value());
            p.setString(2, key);
            try (ResultSet r = p.executeQuery()) {
              return r.next()
                  ? Optional.of(
                      new IdempotencyRecord(
                          tenant,
                          key,
                          r.getString(1),
                          AppointmentId.of(r.getString(2)),
                          Jdbc.getInstant(r, "created_at")))
                  : Optional.empty();
            }
          }
        });
  }

  @Override
  public void remove(TenantId tenant, String key) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(key, "idempotencyKey");
    Jdbc.inTransaction(
        dataSource,
        "releasing an idempotency key",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM cita_idempotency_key WHERE tenant_id = ? AND idempotency_key = ?")) {
            p.setString(1, tenant.value());
            p.setString(2, key);
            return p.executeUpdate();
          }
        });
  }

  @Override
  public void remove(TenantId tenant, String key, AppointmentId appointmentId) {
    Checks.notNull(tenant, "tenant");
    Checks.notNull(key, "idempotencyKey");
    Checks.notNull(appointmentId, "appointmentId");
    Jdbc.inTransaction(
        dataSource,
        "releasing an idempotency key",
        c -> {
          try (PreparedStatement p =
              c.prepareStatement(
                  "DELETE FROM cita_idempotency_key"
                      + " WHERE tenant_id = ? AND idempotency_key = ? AND appointment_id = ?")) {
            p.setString(1, tenant.value());
            p.setString(2, key);
            p.setString(3, appointmentId.value());
            return p.executeUpdate();
          }
        });
  }
}
