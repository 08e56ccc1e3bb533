package dev.cita.scheduling.whatsapp.channel;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Remembers when each customer last wrote to the business, which decides whether WhatsApp allows
 * free text: only within {@link #LENGTH} (24 hours) of the customer's last inbound message;
 * outside it only an approved template may be sent.
 *
 * <p>The application records every inbound message (from its Twilio inbound webhook), keyed by a
 * scope and the customer's phone. The scope separates businesses that share a phone number
 * between customers: {@link TwilioWhatsAppChannel} asks with the message's tenant id by default,
 * or with whatever its {@code windowScope} function returns (an account SID, a sender number).
 *
 * <pre>{@code
 * CustomerWindow window = CustomerWindow.inMemory(Clock.systemUTC());
 * // in the inbound webhook:
 * window.recordInbound(tenant.value(), inbound.from(), Instant.now());
 * }</pre>
 *
 * <p>Implementations must be thread-safe. Phones are E.164 ({@code +56912345678}); a
 * {@code whatsapp:} prefix is accepted and ignored.
 */
public interface CustomerWindow {
  /** How long after the customer's last message free text is allowed. */
  Duration LENGTH = Duration.ofHours(24);

  /** Records a message from the customer at {@code at}; an older time than the one held is ignored. */
  void recordInbound(String scope, String customerPhone, Instant at);

  /**
   * Records that Twilio found the window closed at {@code at} (error 63016), whatever was recorded:
   * an inbound message recorded at or before {@code at} no longer opens it; one after it does.
   */
  void recordClosed(String scope, String customerPhone, Instant at);

  /** When the customer last wrote, if recorded (and not yet forgotten). */
  Optional<Instant> lastInbound(String scope, String customerPhone);

  /** True when, now, the customer wrote less than {@link #LENGTH} ago. */
  boolean isOpen(String scope, String customerPhone);

  /** A thread-safe in-memory window measured against {@code clock}. */
  static CustomerWindow inMemory(Clock clock) {
    return new InMemoryCustomerWindow(clock);
  }

  /** Never open: every message goes out as a template. For apps that do not track inbound messages. */
  static CustomerWindow alwaysClosed() {
    return ClosedWindow.INSTANCE;
  }

  /** The phone without a {@code whatsapp:} prefix, for use as a key. */
  static String normalizePhone(String phone) {
    return phone.startsWith("whatsapp:") ? phone.substring("whatsapp:".length()) : phone;
  }
}
