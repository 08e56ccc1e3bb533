package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import java.util.Locale;

/**
 * The assistant's answer to one message: the text to send back and the language it is in. {@link
 * #toString()} leaves the text out (it names the customer's times).
 *
 * @param text the message to send to the customer
 * @param language the language of {@code text} (Spanish or English)
 */
public record Reply(String text, Locale language) {
  /**
   * Checks the fields.
   *
   * @param text the message to send to the customer, not blank
   * @param language the language of {@code text}
   * @throws dev.cita.scheduling.ValidationException naming the field that is null or blank
   */
  public Reply {
    Checks.notBlank(text, "reply.text");
    Checks.notNull(language, "reply.language");
  }

  @Override
  public String toString() {
    return "Reply{" + language.toLanguageTag() + ", " + text.length() + " chars}";
  }
}
