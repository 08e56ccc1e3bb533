/**
 * Twilio WhatsApp for Cita: {@link dev.cita.scheduling.whatsapp.TwilioRequestValidator} checks
 * {@code X-Twilio-Signature}; {@link dev.cita.scheduling.whatsapp.TwilioWebhooks} plugs Twilio's
 * inbound messages and status callbacks into the core webhook pipeline. The conversational booking
 * assistant lives in {@code dev.cita.scheduling.assistant}. Nothing in this API is null; absent
 * values are {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.whatsapp;

import org.jspecify.annotations.NullMarked;
