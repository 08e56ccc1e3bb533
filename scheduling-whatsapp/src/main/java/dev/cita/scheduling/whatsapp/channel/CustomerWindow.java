package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.spi.LastInboundStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers when each customer last wrote to the business, which decides whether WhatsApp allows
 * free text: only within {@link #LENGTH} (24 hours) of the customer's last inbound message; outside
 * it only an approved template may be sent.
 *
 * <p>The application records every inbound message (from its Twilio inbound webhook), keyed by a
 * scope and the customer's phone. The scope separates businesses that share a phone number between
 * customers: {@link TwilioWhatsAppChannel} asks with the message's tenant id by default, or with
 * whatever its {@code windowScope} function returns (an account SID, a sender number).
 *
 * <p>With several app nodes, every node must see the same window: build it {@link #over} a shared
 * store, such as {@code JdbcStores.lastInbound()}, so a message received by one node opens the
 * window on all of them. {@link #inMemory} is for one node and tests.
 *
 * <pre>{@code
 * CustomerWindow window = CustomerWindow.over(jdbcStores.lastInbound(), Clock.systemUTC());
 * // in the inbound webhook:
 * window.recordInbound(tenant.value(), inbound.from(), Instant.now());
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Phones are E.164 ({@code +56912345678}); a {@code
 * whatsapp:} prefix is accepted and ignored.
 */
public interface CustomerWindow {
  /** How long after the customer's last message free text is allowed. */
  Duration LENGTH = Duration.ofHours(24);

  /**
   * Records a message from the customer; a time older than the one held is ignored.
   *
   * @param scope the business the customer wrote to, such as the tenant id
   * @param customerPhone the customer's phone, E.164
   * @param at when the message was received
   */
  void recordInbound(String scope, String customerPhone, Instant at);

  /**
   * Records that Twilio found the window closed at {@code at} (error 63016), whatever was recorded:
   * an inbound message recorded at or before {@code at} no longer opens it; one after it does.
   *
   * @param scope the business the customer wrote to, such as the tenant id
   * @param customerPhone the customer's phone, E.164
   * @param at when Twilio reported the window closed
   */
  void recordClosed(String scope, String customerPhone, Instant at);

  /**
   * When the customer last wrote.
   *
   * @param scope the business the customer wrote to, such as the tenant id
   * @param customerPhone the customer's phone, E.164
   * @return the time of the last inbound message, or empty when none is recorded (or it was
   *     forgotten, or the window was recorded closed after it)
   */
  Optional<Instant> lastInbound(String scope, String customerPhone);

  /**
   * Whether free text may be sent now.
   *
   * @param scope the business the customer wrote to, such as the tenant id
   * @param customerPhone the customer's phone, E.164
   * @return true when the customer wrote less than {@link #LENGTH} ago
   */
  boolean isOpen(String scope, String customerPhone);

  /**
   * A thread-safe window held in memory, for one node and tests.
   *
   * @param clock what "now" is measured against
   * @return a new, empty window
   */
  static CustomerWindow inMemory(Clock clock) {
    return new InMemoryCustomerWindow(clock);
  }

  /**
   * A window kept in a core {@link LastInboundStore}, which every app node may share (such as
   * {@code JdbcStores.lastInbound()}); purge old entries with {@link LastInboundStore#purgeBefore}
   * on a schedule (anything older than {@link #LENGTH} is no longer needed).
   *
   * @param store where the last inbound message of each customer is kept
   * @param clock what "now" is measured against
   * @return the window
   */
  static CustomerWindow over(LastInboundStore store, Clock clock) {
    return new StoredCustomerWindow(store, clock);
  }

  /**
   * {@return a window that is never open} Every message goes out as a template; for apps that do
   * not track inbound messages.
   */
  static CustomerWindow alwaysClosed() {
    return ClosedWindow.INSTANCE;
  }

  /**
   * The phone as a key.
   *
   * @param phone a phone, with or without a {@code whatsapp:} prefix
   * @return the phone without the prefix
   */
  static String normalizePhone(String phone) {
    return phone.startsWith("whatsapp:") ? phone.substring("whatsapp:".length()) : phone;
  }
}
