package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.TenantId;
import java.util.Locale;

/**
 * Answers one customer message of a chat channel: what a channel (such as WhatsApp's {@code
 * WhatsAppConversations}) needs from an assistant. {@link BookingAssistant} (rule-based) implements
 * it; a model-driven assistant plugs in through an adapter, such as {@code
 * OpenAiBookingAssistant.asChatAssistant()}.
 */
@FunctionalInterface
public interface ChatAssistant {
  /**
   * Answers one message of a customer.
   *
   * @param tenant the business the message is for
   * @param customerPhone the customer's number as the channel verified it, E.164 (a {@code
   *     whatsapp:} prefix is accepted by {@link BookingAssistant})
   * @param profileName the customer's name on the channel; may be empty
   * @param text what the customer wrote
   * @param locale the language to answer in when neither the text nor the conversation tells
   * @return the answer to send back
   * @throws dev.cita.scheduling.ValidationException if the phone is not E.164 or an argument is
   *     missing
   */
  Reply handle(
      TenantId tenant, String customerPhone, String profileName, String text, Locale locale);
}
