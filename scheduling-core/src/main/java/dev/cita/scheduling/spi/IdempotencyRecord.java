package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * What a booking request with an idempotency key claimed: a fingerprint of the request and the id
 * its appointment has (or will have once the insert commits).
 *
 * @param tenant the tenant the key belongs to
 * @param key the caller's idempotency key
 * @param requestFingerprint a digest of what the request asked for, to tell a retry from a
 *     different request
 * @param appointmentId the id of the appointment the request books
 * @param createdAt when the key was claimed
 */
public record IdempotencyRecord(
    TenantId tenant,
    String key,
    String requestFingerprint,
    AppointmentId appointmentId,
    Instant createdAt) {
  /**
   * Checks that no component is missing or blank.
   *
   * @param tenant the tenant the key belongs to
   * @param key the caller's idempotency key
   * @param requestFingerprint a digest of the request
   * @param appointmentId the id of the appointment the request books
   * @param createdAt when the key was claimed
   * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
   */
  public IdempotencyRecord {
    Checks.notNull(tenant, "idempotency.tenant");
    Checks.notBlank(key, "idempotencyKey");
    Checks.notBlank(requestFingerprint, "idempotency.requestFingerprint");
    Checks.notNull(appointmentId, "idempotency.appointmentId");
    Checks.notNull(createdAt, "idempotency.createdAt");
  }
}
