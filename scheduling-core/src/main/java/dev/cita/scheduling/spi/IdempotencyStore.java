package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.util.Optional;

/**
 * Remembers idempotency keys of booking requests so that a retried request returns the first result
 * instead of booking twice. Keys are scoped to a tenant.
 *
 * <p>A claim is only a fast path and a guard against reusing a key for another request: the
 * guarantee that one key never names two appointments comes from the {@link AppointmentStore},
 * which refuses a second appointment with the same tenant and key, and from the appointment id,
 * which {@code BookingService} derives from the tenant, the key and the request, so every attempt
 * of one request writes the same id.
 */
public interface IdempotencyStore {
  /**
   * Stores {@code record} unless its tenant and key are taken, atomically.
   *
   * @param record the claim
   * @return empty if stored; otherwise the record that holds the key
   */
  Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record);

  /**
   * Looks up a claimed key.
   *
   * @param tenant the tenant
   * @param key the idempotency key
   * @return the claim, or empty if the key is free
   */
  Optional<IdempotencyRecord> find(TenantId tenant, String key);

  /**
   * Releases a key whatever it names (housekeeping; {@code BookingService} uses the compare form).
   *
   * @param tenant the tenant
   * @param key the idempotency key
   */
  void remove(TenantId tenant, String key);

  /**
   * Releases a key whose request failed, only if it still names {@code appointmentId}, atomically:
   * a claim taken since by another request is never released. The default is a read then a remove;
   * implementations should override it with one atomic step.
   *
   * @param tenant the tenant
   * @param key the idempotency key
   * @param appointmentId the id the failed request's claim named
   */
  default void remove(TenantId tenant, String key, AppointmentId appointmentId) {
    Optional<IdempotencyRecord> held = find(tenant, key);
    if (held.isPresent() && held.get().appointmentId().equals(appointmentId)) {
      remove(tenant, key);
    }
  }
}
