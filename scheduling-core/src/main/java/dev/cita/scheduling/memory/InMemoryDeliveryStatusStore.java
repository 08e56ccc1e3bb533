package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.internal.Retention;
import dev.cita.scheduling.spi.DeliveryStatusRecord;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link DeliveryStatusStore} in a concurrent map, for one node and tests; each write
 * is one atomic {@code compute}. Bounded in time: records not updated within the retention are
 * dropped every few hundred writes.
 */
public final class InMemoryDeliveryStatusStore implements DeliveryStatusStore {
  /** How long a record is kept after its last update when no retention is given. */
  public static final Duration DEFAULT_RETENTION = Duration.ofDays(7);

  private final Map<String, DeliveryStatusRecord> records = new ConcurrentHashMap<>();
  private final Retention retention;

  /** An empty store on the system clock, keeping records {@link #DEFAULT_RETENTION}. */
  public InMemoryDeliveryStatusStore() {
    this(Clock.systemUTC(), DEFAULT_RETENTION);
  }

  /**
   * An empty store that keeps records {@code retention} after their last update.
   *
   * @param clock what "now" is for the retention
   * @param retention how long a record is kept
   */
  public InMemoryDeliveryStatusStore(Clock clock, Duration retention) {
    this.retention = new Retention(clock, retention);
  }

  @Override
  public Optional<DeliveryStatusRecord> find(String messageId) {
    return Optional.ofNullable(records.get(MessagingStates.messageId(messageId)));
  }

  @Override
  public Optional<DeliveryStatusRecord> replace(
      String messageId,
      long expectedVersion,
      String status,
      Optional<String> errorCode,
      Instant at) {
    MessagingStates.deliveryStatus(messageId, expectedVersion, status, errorCode, at);
    DeliveryStatusRecord[] written = {null};
    records.compute(
        messageId,
        (id, held) -> {
          long version = held == null ? 0 : held.version();
          if (version != expectedVersion) {
            return held;
          }
          written[0] = new DeliveryStatusRecord(id, status, errorCode, at, version + 1);
          return written[0];
        });
    retention.written(this::purgeBefore);
    return Optional.ofNullable(written[0]);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    return Retention.removeIf(records, r -> r.updatedAt().isBefore(cutoff));
  }

  /** {@return how many messages have a record} */
  public int size() {
    return records.size();
  }

  @Override
  public String toString() {
    return "InMemoryDeliveryStatusStore{messages=" + records.size() + '}';
  }
}
