package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.notify.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What {@link TwilioWhatsAppChannel} remembers about its sends, shared by every node that sends or
 * receives status callbacks: which idempotency keys were already tried, and the free-text messages
 * Twilio accepted (so that a later error 63016 on the status callback can re-send the same
 * notification as its approved template).
 *
 * <p>Twilio's Messages API is not idempotent and has no client reference to look a message up by,
 * so the channel sends each key at most once: {@link #begin} claims a key atomically before the
 * POST; a send Twilio certainly did not take releases it ({@link #notSent}); one whose outcome is
 * unknown (the connection broke after the request left, a 5xx) or whose worker died keeps it, and
 * later sends of that key are refused without calling Twilio.
 *
 * <p>Implementations must be thread-safe, and {@link #begin} atomic across every node sharing the
 * store (a unique key in a table, {@code INSERT … ON CONFLICT DO NOTHING}).
 */
public interface SentMessageStore {
  /**
   * Claims the first attempt at sending {@code idempotencyKey}.
   *
   * @param idempotencyKey the message's idempotency key
   * @param at when this attempt starts
   * @return empty when this call claimed it; otherwise the earlier attempt, which this send must
   *     not repeat
   */
  Optional<Attempt> begin(String idempotencyKey, Instant at);

  /**
   * Releases a claim whose request Twilio certainly did not act on (refused, or never sent), so a
   * later send of the key may try again.
   *
   * @param idempotencyKey the key {@link #begin} claimed
   */
  void notSent(String idempotencyKey);

  /**
   * Records that Twilio accepted the key's message as {@code messageSid}; {@code freeForm} is the
   * message when it went out as free text (the only kind that can fail with 63016 later).
   *
   * @param idempotencyKey the key {@link #begin} claimed
   * @param messageSid the SID Twilio answered ({@code SM…}); later sends of the key answer it again
   * @param freeForm the message if it went out as free text, otherwise empty
   */
  void accepted(String idempotencyKey, String messageSid, Optional<OutgoingMessage> freeForm);

  /**
   * The free-text message Twilio accepted as {@code messageSid}, to re-send as a template after
   * 63016.
   *
   * @param messageSid the SID of a status callback
   * @return the message, or empty when it went out as a template, was not sent by this channel, or
   *     is forgotten
   */
  Optional<OutgoingMessage> freeForm(String messageSid);

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

  /**
   * An earlier attempt at sending one key.
   *
   * @param startedAt when it was claimed
   * @param messageSid Twilio's SID when the earlier attempt was accepted; empty while its outcome
   *     is unknown
   */
  record Attempt(Instant startedAt, Optional<String> messageSid) {}
}
