package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.memory.InMemoryDeliveryStatusStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link MessageStatusTracker} held in memory, for one node and tests: with several nodes use
 * {@link MessageStatusTracker#over} with a shared store (such as {@code
 * JdbcStores.deliveryStatuses()}). Each update is a compare-and-set on the core's {@link
 * InMemoryDeliveryStatusStore}, so concurrent callbacks for the same message cannot lose the newest
 * status. Bounded: records not updated within the retention (7 days by default) are dropped every
 * few hundred updates.
 */
public final class InMemoryMessageStatusTracker implements MessageStatusTracker {
  private final InMemoryDeliveryStatusStore store;
  private final MessageStatusTracker tracker;

  /** An empty tracker on the system clock, keeping records 7 days after their last update. */
  public InMemoryMessageStatusTracker() {
    this(Clock.systemUTC(), InMemoryDeliveryStatusStore.DEFAULT_RETENTION);
  }

  /**
   * An empty tracker keeping records {@code retention} after their last update.
   *
   * @param clock what "now" is for the retention
   * @param retention how long a record is kept; longer than Twilio's status callbacks arrive
   */
  public InMemoryMessageStatusTracker(Clock clock, Duration retention) {
    this.store = new InMemoryDeliveryStatusStore(clock, retention);
    this.tracker = new StoredMessageStatusTracker(store);
  }

  @Override
  public boolean recordStatus(
      String messageSid, MessageStatus status, Optional<String> errorCode, Instant at) {
    return tracker.recordStatus(messageSid, status, errorCode, at);
  }

  @Override
  public Optional<MessageStatusRecord> status(String messageSid) {
    return tracker.status(messageSid);
  }

  /** {@return how many messages have a record} */
  public int size() {
    return store.size();
  }

  @Override
  public String toString() {
    return "InMemoryMessageStatusTracker{messages=" + store.size() + '}';
  }
}
