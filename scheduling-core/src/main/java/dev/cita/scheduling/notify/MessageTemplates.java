package dev.cita.scheduling.notify;

import java.util.Locale;

/**
 * Turns a notice into text. {@link #standard()} has Spanish and English texts for every {@link
 * MessageKind}, one wording for the customer and one for staff (agent and owner):
 *
 * <pre>{@code
 * MessageTemplates.standard().render(MessageKind.REMINDER, RecipientKind.CUSTOMER,
 *     Locale.forLanguageTag("es-CL"), MessageContext.of(appointment, "Consulta general")).text();
 * // "Hola María, tu cita de Consulta general es el martes 15 de septiembre a las 14:00."
 * }</pre>
 *
 * Implement it to use your own wording; keep {@link RenderedMessage#templateKey()} and the order of
 * the variables in step with the templates approved at your WhatsApp provider.
 */
public interface MessageTemplates {
  /**
   * Renders a notice for a recipient in their language, with times in {@link
   * MessageContext#zone()}.
   *
   * @param kind which notice
   * @param recipient who reads it: the customer, or staff
   * @param locale the recipient's language
   * @param context the facts the text shows
   * @return the key, variables and text
   * @throws dev.cita.scheduling.ValidationException if a {@link MessageKind#RESCHEDULE} context has
   *     no previous start
   */
  RenderedMessage render(
      MessageKind kind, RecipientKind recipient, Locale locale, MessageContext context);

  /**
   * The built-in Spanish and English texts. Any {@code en} locale gets English; Spanish is the
   * default for {@code es}, {@code es-*} and every other language.
   *
   * @return the shared built-in templates
   */
  static MessageTemplates standard() {
    return StandardMessageTemplates.INSTANCE;
  }
}
