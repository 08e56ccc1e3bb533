package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.ConcurrentUpdateException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.DeliveryStatusRecord;
import dev.cita.scheduling.spi.DeliveryStatusStore;
import java.time.Instant;
import java.util.Optional;

/**
 * A {@link MessageStatusTracker} over a core {@link DeliveryStatusStore}: it reads the record,
 * decides with {@link MessageStatus#canMoveTo} whether the reported status moves it forwards, and
 * writes with the store's compare-and-set, reading again when another callback (on this node or
 * another) wrote first. Every lost race means another write moved the status forwards, and a
 * message moves forwards at most a handful of times, so the retries are few and capped.
 */
final class StoredMessageStatusTracker implements MessageStatusTracker {
  private static final int ATTEMPTS = 16;

  private final DeliveryStatusStore store;

  StoredMessageStatusTracker(DeliveryStatusStore store) {
    this.store = Checks.notNull(store, "deliveryStatusStore");
  }

  @Override
  public boolean recordStatus(
      String messageSid, MessageStatus status, Optional<String> errorCode, Instant at) {
    Checks.notNull(messageSid, "messageSid");
    Checks.notNull(status, "status");
    Optional<String> code = Checks.notNull(errorCode, "errorCode").filter(c -> !c.isBlank());
    Checks.notNull(at, "at");
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      Optional<DeliveryStatusRecord> held = store.find(messageSid);
      if (held.isEmpty()) {
        if (store.replace(messageSid, 0, status.twilioName(), code, at).isPresent()) {
          return true;
        }
        continue;
      }
      DeliveryStatusRecord record = held.get();
      // A status this version does not know (written by a newer one) does not block an update.
      if (!MessageStatus.fromTwilio(record.status()).map(s -> s.canMoveTo(status)).orElse(true)) {
        return false;
      }
      Optional<String> kept = record.errorCode().or(() -> code);
      if (store.replace(messageSid, record.version(), status.twilioName(), kept, at).isPresent()) {
        return true;
      }
    }
    throw new ConcurrentUpdateException(
        "the status of a WhatsApp message kept changing under "
            + ATTEMPTS
            + " attempts to record "
            + status.twilioName());
  }

  @Override
  public Optional<MessageStatusRecord> status(String messageSid) {
    return store
        .find(Checks.notNull(messageSid, "messageSid"))
        .flatMap(
            r ->
                MessageStatus.fromTwilio(r.status())
                    .map(
                        s ->
                            new MessageStatusRecord(
                                r.messageId(), s, r.errorCode(), r.updatedAt())));
  }

  @Override
  public String toString() {
    return "MessageStatusTracker{" + store + '}';
  }
}
