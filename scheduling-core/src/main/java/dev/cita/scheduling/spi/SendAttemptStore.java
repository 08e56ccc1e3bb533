package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.OutgoingMessage;
import java.time.Instant;
import java.util.Optional;

/**
 * What a messaging channel remembers about its sends, shared by every node that sends or receives
 * status callbacks: which idempotency keys were already tried, and the free-text messages the
 * provider accepted (so that a later "outside the window" failure can re-send the same notification
 * as its approved template). The WhatsApp channel's {@code SentMessageStore} is this store.
 *
 * <p>A provider whose API is not idempotent (Twilio's Messages API) is sent each key at most once:
 * {@link #begin} claims a key atomically before the request; a send the provider certainly did not
 * take releases it ({@link #notSent}); one whose outcome is unknown keeps it, and later sends of
 * that key are refused without calling the provider.
 *
 * <p>Keys are 1 to {@value #MAX_KEY} characters and message ids 1 to {@value
 * DeliveryStatusStore#MAX_MESSAGE_ID}; longer or blank ones are refused with a {@link
 * ValidationException} naming the field and nothing is written. Implementations must be
 * thread-safe, and {@link #begin} atomic across every node sharing the store. The in-memory one is
 * {@code InMemorySendAttemptStore}; {@code scheduling-jdbc} has a SQL one. Stored messages hold
 * personal data (a phone, the text): purge old ones with {@link #purgeBefore}.
 */
public interface SendAttemptStore {
  /** The longest idempotency key every store accepts. */
  int MAX_KEY = 500;

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
   * Releases a claim whose request the provider certainly did not act on (refused, or never sent),
   * so a later send of the key may try again.
   *
   * @param idempotencyKey the key {@link #begin} claimed
   */
  void notSent(String idempotencyKey);

  /**
   * Records that the provider accepted the key's message as {@code messageId}; {@code freeForm} is
   * the message when it went out as free text.
   *
   * @param idempotencyKey the key {@link #begin} claimed
   * @param messageId the provider's id of the message; later sends of the key answer it again
   * @param freeForm the message if it went out as free text, otherwise empty
   */
  void accepted(String idempotencyKey, String messageId, Optional<OutgoingMessage> freeForm);

  /**
   * The free-text message the provider accepted as {@code messageId}.
   *
   * @param messageId the provider's id of the message
   * @return the message, or empty when it went out as a template, is unknown, or is forgotten
   */
  Optional<OutgoingMessage> freeForm(String messageId);

  /**
   * Removes every attempt started (or accepted) before {@code cutoff}, with its message.
   *
   * @param cutoff attempts older than this are removed
   * @return how many were removed
   */
  int purgeBefore(Instant cutoff);

  /**
   * An earlier attempt at sending one key.
   *
   * @param startedAt when it was claimed, or when the provider accepted it
   * @param messageId the provider's id once the attempt was accepted; empty while its outcome is
   *     unknown
   */
  record Attempt(Instant startedAt, Optional<String> messageId) {
    /**
     * Checks that no component is null.
     *
     * @param startedAt when it was claimed, or accepted
     * @param messageId the provider's id, or empty
     * @throws ValidationException if a component is null
     */
    public Attempt {
      Checks.notNull(startedAt, "startedAt");
      Checks.notNull(messageId, "messageId");
    }
  }
}
