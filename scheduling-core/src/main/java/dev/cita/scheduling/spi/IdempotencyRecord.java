package dev.cita.scheduling.spi;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Instant;

/**
 * What a booking request with an idempotency key claimed: a fingerprint of the request and the
 * id its appointment has (or will have once the insert commits).
 */
public record IdempotencyRecord(
    TenantId tenant, String key, String requestFingerprint, AppointmentId appointmentId, Instant createdAt) {
  public IdempotencyRecord {
    Checks.notNull(tenant, "idempotency.tenant");
    Checks.notBlank(key, "idempotencyKey");
    Checks.notBlank(requestFingerprint, "idempotency.requestFingerprint");
    Checks.notNull(appointmentId, "idempotency.appointmentId");
    Checks.notNull(createdAt, "idempotency.createdAt");
  }
}
