package dev.cita.scheduling.spi;

import dev.cita.scheduling.model.TenantId;
import java.util.Optional;

/**
 * Remembers idempotency keys of booking requests so that a retried request returns the first
 * result instead of booking twice. Keys are scoped to a tenant.
 */
public interface IdempotencyStore {
  /**
   * Stores {@code record} unless its tenant and key are taken, atomically.
   *
   * @return empty if stored; otherwise the record that holds the key
   */
  Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record);

  Optional<IdempotencyRecord> find(TenantId tenant, String key);

  /** Releases a key whose request failed, so that it can be retried. */
  void remove(TenantId tenant, String key);
}
