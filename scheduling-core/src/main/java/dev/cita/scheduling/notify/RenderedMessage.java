package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import java.util.List;
import java.util.Locale;

/**
 * A template filled in: its key, its variables in order, the resulting text and the language it is
 * in.
 *
 * @param templateKey the template's key, such as {@code reminder_customer}
 * @param variables the template's variables in order; unmodifiable
 * @param text the resulting text
 * @param locale the language it is in
 */
public record RenderedMessage(
    String templateKey, List<String> variables, String text, Locale locale) {
  /**
   * Checks the components and copies the variables.
   *
   * @param templateKey the template's key; not blank
   * @param variables the variables in order
   * @param text the resulting text; not blank
   * @param locale the language
   * @throws dev.cita.scheduling.ValidationException if a component is missing or blank
   */
  public RenderedMessage {
    Checks.notBlank(templateKey, "templateKey");
    variables = List.copyOf(Checks.notNull(variables, "variables"));
    Checks.notBlank(text, "text");
    Checks.notNull(locale, "locale");
  }
}
