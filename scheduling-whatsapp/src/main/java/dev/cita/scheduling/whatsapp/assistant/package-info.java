/**
 * A deterministic conversational booking assistant for WhatsApp: {@link
 * dev.cita.scheduling.whatsapp.assistant.WhatsAppBookingAssistant} reads messages with an {@link
 * dev.cita.scheduling.whatsapp.assistant.IntentParser} (rule-based Spanish and English by default),
 * remembers each dialogue in a {@link dev.cita.scheduling.whatsapp.assistant.ConversationStore},
 * and books through the core {@code BookingService}. Nothing in this API is null; absent values are
 * {@link java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.whatsapp.assistant;

import org.jspecify.annotations.NullMarked;
