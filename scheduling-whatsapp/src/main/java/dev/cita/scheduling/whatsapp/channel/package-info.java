/**
 * Sending WhatsApp messages through Twilio Programmable Messaging.
 *
 * <ul>
 *   <li>{@link dev.cita.scheduling.whatsapp.channel.TwilioWhatsAppChannel} — the {@link
 *       dev.cita.scheduling.spi.NotificationChannel} with id {@code "whatsapp"}: free text inside
 *       the 24-hour customer-service window, an approved template ({@code ContentSid}) outside it.
 *   <li>{@link dev.cita.scheduling.whatsapp.channel.TwilioConfig} — account, credentials, sender,
 *       status callback URL and the template key → {@code ContentSid} map.
 *   <li>{@link dev.cita.scheduling.whatsapp.channel.CustomerWindow} — when each customer last
 *       wrote, so the channel knows whether free text is allowed.
 *   <li>{@link dev.cita.scheduling.whatsapp.channel.MessageStatusTracker} — the delivery status of
 *       each sent message, fed by Twilio's status callbacks; it never moves backwards.
 * </ul>
 *
 * Nothing in this package accepts or returns null unless it says so; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.whatsapp.channel;

import org.jspecify.annotations.NullMarked;
