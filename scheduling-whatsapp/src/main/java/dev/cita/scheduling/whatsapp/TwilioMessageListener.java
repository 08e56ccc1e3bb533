package dev.cita.scheduling.whatsapp;

/**
 * Hears verified, de-duplicated Twilio deliveries that are not booking events: customers' messages
 * and status reports on sent messages. Every method has a no-op default so new events never break
 * an implementation; {@link #NONE} hears nothing. A listener that throws is logged; the delivery
 * stays recorded (Twilio is answered 200), so it is not delivered again.
 *
 * <pre>{@code
 * TwilioMessageListener listener = new TwilioMessageListener() {
 *   public void inboundMessage(InboundMessage m) {
 *     Reply reply = assistant.handle(tenantFor(m.businessPhone()), m.customerPhone(),
 *         m.profileName().orElse(""), m.body(), Locale.forLanguageTag("es"));
 *     sender.send(m.from(), reply.text());
 *   }
 * };
 * }</pre>
 */
public interface TwilioMessageListener {
  /** Hears nothing. */
  TwilioMessageListener NONE = new TwilioMessageListener() {};

  /**
   * A customer wrote to the business.
   *
   * @param message the message, verified and seen for the first time
   */
  default void inboundMessage(InboundMessage message) {}

  /**
   * Twilio reported the status of a message the business sent.
   *
   * @param status the report, verified and seen for the first time
   */
  default void statusCallback(StatusCallback status) {}
}
