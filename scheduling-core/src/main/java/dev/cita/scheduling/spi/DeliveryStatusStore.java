package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.util.Optional;

/**
 * The delivery status of sent messages, by the provider's message id, shared by every app node: the
 * status a provider answered when it took a message and each later status callback, whichever node
 * received it. The store does not know a channel's lifecycle; the caller reads the record, decides
 * whether the new status moves it forwards, and writes with {@link #replace}, a compare-and-set on
 * the version, so two nodes handling callbacks of one message at once never lose the newer status.
 *
 * <p>Message ids are 1 to {@value #MAX_MESSAGE_ID} characters, statuses and error codes 1 to
 * {@value #MAX_CODE}; longer or blank ones are refused with a {@link ValidationException} naming
 * the field and nothing is written. Implementations must be thread-safe; the in-memory one is
 * {@code InMemoryDeliveryStatusStore}, {@code scheduling-jdbc} has a SQL one.
 */
public interface DeliveryStatusStore {
  /** The longest message id every store accepts. */
  int MAX_MESSAGE_ID = 200;

  /** The longest status or error code every store accepts. */
  int MAX_CODE = 40;

  /**
   * The record of a message.
   *
   * @param messageId the provider's message id
   * @return the record, or empty when nothing is recorded for it
   */
  Optional<DeliveryStatusRecord> find(String messageId);

  /**
   * Writes the message's status only if its record still has {@code expectedVersion}, atomically; 0
   * means "only if there is no record". Of several racing calls with the same expected version,
   * exactly one succeeds.
   *
   * @param messageId the provider's message id
   * @param expectedVersion the version the caller read, or 0 for "no record"
   * @param status the channel's name of the new status
   * @param errorCode the error code to store with it, or empty
   * @param at when the status was reported; the record's {@code updatedAt}
   * @return the stored record with its new version, or empty when the record changed or (for 0)
   *     exists
   */
  Optional<DeliveryStatusRecord> replace(
      String messageId,
      long expectedVersion,
      String status,
      Optional<String> errorCode,
      Instant at);

  /**
   * Removes every record last updated before {@code cutoff}.
   *
   * @param cutoff records older than this are removed
   * @return how many were removed
   */
  int purgeBefore(Instant cutoff);
}
