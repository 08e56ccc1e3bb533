package dev.cita.scheduling.notify;

import dev.cita.scheduling.internal.Checks;
import java.util.List;
import java.util.Locale;

/**
 * A template filled in: its key, its variables in order, the resulting text and the language it
 * is in.
 */
public record RenderedMessage(String templateKey, List<String> variables, String text, Locale locale) {
  public RenderedMessage {
    Checks.notBlank(templateKey, "templateKey");
    variables = List.copyOf(Checks.notNull(variables, "variables"));
    Checks.notBlank(text, "text");
    Checks.notNull(locale, "locale");
  }
}
