package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.spi.DeliveryStatusStore;
import java.time.Instant;
import java.util.Optional;

/**
 * The delivery status of sent messages, by message SID. {@link TwilioWhatsAppChannel} records the
 * status Twilio returns when it accepts a message; the application records each status callback
 * (Twilio posts them to the configured {@code StatusCallback} URL, not necessarily in order). A
 * status only moves forwards ({@link MessageStatus#canMoveTo}): a late {@code sent} after {@code
 * delivered} is ignored, and a failure is final.
 *
 * <pre>{@code
 * MessageStatusTracker tracker = MessageStatusTracker.inMemory();
 * // in the status callback webhook:
 * MessageStatus.fromTwilio(form.get("MessageStatus")).ifPresent(status ->
 *     tracker.recordStatus(form.get("MessageSid"), status,
 *         Optional.ofNullable(form.get("ErrorCode")), clock.instant()));
 * }</pre>
 *
 * <p>With several app nodes, every node must see the same statuses: build the tracker {@link #over}
 * a shared store, such as {@code JdbcStores.deliveryStatuses()}. Implementations must be
 * thread-safe and apply each update atomically.
 */
public interface MessageStatusTracker {
  /** Records nothing and knows nothing; the channel's default. */
  MessageStatusTracker NONE =
      new MessageStatusTracker() {
        @Override
        public boolean recordStatus(
            String messageSid, MessageStatus status, Optional<String> errorCode, Instant at) {
          return false;
        }

        @Override
        public Optional<MessageStatusRecord> status(String messageSid) {
          return Optional.empty();
        }
      };

  /**
   * Records that {@code messageSid} reached {@code status} at {@code at}.
   *
   * @param messageSid Twilio's message SID ({@code SM…})
   * @param status the status reported
   * @param errorCode Twilio's {@code ErrorCode}, when the callback had one
   * @param at when it was reported
   * @return true when the record changed; false when the update was older or a repeat
   */
  boolean recordStatus(
      String messageSid, MessageStatus status, Optional<String> errorCode, Instant at);

  /**
   * The latest status recorded for a message.
   *
   * @param messageSid Twilio's message SID ({@code SM…})
   * @return the record, or empty when nothing was recorded for it
   */
  Optional<MessageStatusRecord> status(String messageSid);

  /**
   * {@return a new thread-safe tracker held in memory} For one node, tests and demos; records are
   * kept 7 days after their last update.
   */
  static MessageStatusTracker inMemory() {
    return new InMemoryMessageStatusTracker();
  }

  /**
   * A tracker kept in a core {@link DeliveryStatusStore}, which every app node may share (such as
   * {@code JdbcStores.deliveryStatuses()}); purge old records with {@link
   * DeliveryStatusStore#purgeBefore} on a schedule.
   *
   * @param store where the statuses are kept
   * @return the tracker
   */
  static MessageStatusTracker over(DeliveryStatusStore store) {
    return new StoredMessageStatusTracker(store);
  }
}
