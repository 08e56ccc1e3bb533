package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.IdempotencyRecord;
import dev.cita.scheduling.spi.IdempotencyStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link IdempotencyStore} in memory. */
public final class InMemoryIdempotencyStore implements IdempotencyStore {
  private record Key(TenantId tenant, String key) {}

  private final Map<Key, IdempotencyRecord> records = new ConcurrentHashMap<>();

  @Override
  public Optional<IdempotencyRecord> putIfAbsent(IdempotencyRecord record) {
    Checks.notNull(record, "idempotencyRecord");
    return Optional.ofNullable(records.putIfAbsent(new Key(record.tenant(), record.key()), record));
  }

  @Override
  public Optional<IdempotencyRecord> find(TenantId tenant, String key) {
    return Optional.ofNullable(
        records.get(
            new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(key, "idempotencyKey"))));
  }

  @Override
  public void remove(TenantId tenant, String key) {
    records.remove(
        new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(key, "idempotencyKey")));
  }

  @Override
  public void remove(TenantId tenant, String key, AppointmentId appointmentId) {
    Checks.notNull(appointmentId, "appointmentId");
    records.computeIfPresent(
        new Key(Checks.notNull(tenant, "tenant"), Checks.notNull(key, "idempotencyKey")),
        (k, held) -> held.appointmentId().equals(appointmentId) ? null : held);
  }
}
