package dev.cita.scheduling.spi;

import dev.cita.scheduling.notify.AddressKind;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.notify.SendResult;

/**
 * A way to deliver a message: WhatsApp, SMS, e-mail. Adapters implement it (the WhatsApp module
 * ships one); the core only renders and routes messages.
 *
 * <p>{@link #send} should return {@link SendResult#refused} or throw only when the message was
 * certainly not accepted; a reminder that fails is tried again later. When the outcome is unknown
 * (a timeout after the request left), pass {@link OutgoingMessage#idempotencyKey()} to a provider
 * that de-duplicates by it, or accept that the message may arrive twice.
 */
public interface NotificationChannel {
  /**
   * {@return a short, stable id, such as {@code "whatsapp"} or {@code "email"}, used in
   * preferences}
   */
  String id();

  /**
   * {@return what this channel delivers to; {@link AddressKind#PHONE} unless overridden (e-mail
   * channels)}
   */
  default AddressKind addressKind() {
    return AddressKind.PHONE;
  }

  /**
   * Sends one message; called from the booking thread or a reminder worker, so it must be
   * thread-safe.
   *
   * @param message the rendered message and its recipient's address
   * @return the channel's message id, or why the message was refused
   */
  SendResult send(OutgoingMessage message);
}
