package dev.cita.scheduling.spi;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.util.Optional;

/**
 * When each contact last wrote to a business over a messaging channel, per scope: what decides a
 * channel's customer service window (WhatsApp allows free text only within 24 hours of the
 * customer's last message). Shared by every app node, so a message received by one node opens the
 * window for all of them; the WhatsApp module's {@code CustomerWindow.over(store, clock)} reads it.
 *
 * <p>A scope separates businesses (a tenant id, an account id, a sender number); a contact is the
 * customer's address on the channel (an E.164 phone). Both are 1 to {@value #MAX_KEY} characters;
 * longer or blank ones are refused with a {@link ValidationException} naming the field ({@code
 * scope}, {@code contact}) and nothing is written. Contacts are personal data: implementations
 * never put them in logs or exception messages.
 *
 * <p>Implementations must be thread-safe and make each write atomic across every node sharing the
 * store: of concurrent {@link #recordInbound} calls the latest time is kept, whatever their order.
 * The in-memory one is {@code InMemoryLastInboundStore}; {@code scheduling-jdbc} has a SQL one.
 */
public interface LastInboundStore {
  /** The longest scope or contact every store accepts. */
  int MAX_KEY = 200;

  /**
   * Records a message from the contact; a time not after the one held is ignored.
   *
   * @param scope the business the contact wrote to
   * @param contact the contact's address, such as an E.164 phone
   * @param at when the message was received
   */
  void recordInbound(String scope, String contact, Instant at);

  /**
   * Forgets the contact's last message if it is not after {@code at} (the channel reported the
   * window closed then); a message recorded after {@code at} is kept.
   *
   * @param scope the business the contact wrote to
   * @param contact the contact's address
   * @param at when the window was reported closed
   */
  void recordClosed(String scope, String contact, Instant at);

  /**
   * When the contact last wrote, as recorded.
   *
   * @param scope the business the contact wrote to
   * @param contact the contact's address
   * @return the time of the last message, or empty when none is held
   */
  Optional<Instant> lastInbound(String scope, String contact);

  /**
   * Removes every entry, of every scope, whose last message is before {@code cutoff} (run it on a
   * schedule: the entries hold personal data and are useless once the window has closed).
   *
   * @param cutoff entries older than this are removed
   * @return how many were removed
   */
  int purgeBefore(Instant cutoff);
}
