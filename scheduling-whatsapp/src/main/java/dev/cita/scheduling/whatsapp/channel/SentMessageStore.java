package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.spi.SendAttemptStore;
import java.time.Clock;
import java.time.Duration;

/**
 * What {@link TwilioWhatsAppChannel} remembers about its sends, shared by every node that sends or
 * receives status callbacks: which idempotency keys were already tried, and the free-text messages
 * Twilio accepted (so that a later error 63016 on the status callback can re-send the same
 * notification as its approved template). It is the core's provider-neutral {@link
 * SendAttemptStore}; the channel takes any one, such as {@code JdbcStores.sendAttempts()} to share
 * it between nodes.
 *
 * <p>Twilio's Messages API is not idempotent and has no client reference to look a message up by,
 * so the channel sends each key at most once: {@link #begin} claims a key atomically before the
 * POST; a send Twilio certainly did not take releases it ({@link #notSent}); one whose outcome is
 * unknown (the connection broke after the request left, a 5xx) or whose worker died keeps it, and
 * later sends of that key are refused without calling Twilio.
 *
 * <p>Implementations must be thread-safe, and {@link #begin} atomic across every node sharing the
 * store (a unique key in a table).
 */
public interface SentMessageStore extends SendAttemptStore {
  /**
   * A store held in memory, for one node and tests; entries are forgotten {@code retention} after
   * they were written (longer than a reminder's retries and a status callback's delay).
   *
   * @param clock what the write times are read from
   * @param retention how long entries are kept; the channel's default store keeps them 2 days
   * @return a new, empty store
   */
  static SentMessageStore inMemory(Clock clock, Duration retention) {
    return new InMemorySentMessageStore(clock, retention);
  }
}
