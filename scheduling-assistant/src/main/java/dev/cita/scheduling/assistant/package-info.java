/**
 * A deterministic conversational booking assistant for any chat channel (WhatsApp, a web chat,
 * SMS): {@link dev.cita.scheduling.assistant.BookingAssistant} reads messages with an {@link
 * dev.cita.scheduling.assistant.IntentParser} (rule-based Spanish and English by default),
 * remembers each dialogue in a {@link dev.cita.scheduling.assistant.ConversationStore}, and books
 * through the core {@code BookingService}. Nothing in this API is null; absent values are {@link
 * java.util.Optional}.
 */
@NullMarked
package dev.cita.scheduling.assistant;

import org.jspecify.annotations.NullMarked;
