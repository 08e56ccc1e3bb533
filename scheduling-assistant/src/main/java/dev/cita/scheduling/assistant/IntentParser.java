package dev.cita.scheduling.assistant;

import java.time.ZonedDateTime;
import java.util.Locale;

/**
 * Reads a customer's message into an {@link Intent}. Implementations are deterministic and
 * thread-safe; the built-in one is {@link #ruleBased()} (Spanish and English). Plug in another one
 * (more languages, a statistical model) through {@link BookingAssistant.Builder#intentParser}.
 */
@FunctionalInterface
public interface IntentParser {
  /**
   * Parses one message.
   *
   * @param text the message as the customer wrote it
   * @param locale the language to assume when the text does not tell
   * @param now the current time in the business's zone; relative dates ("mañana") count from it
   * @return what the message means; {@code UNKNOWN} rather than a guess
   */
  Intent parse(String text, Locale locale, ZonedDateTime now);

  /** {@return the built-in rule-based parser for Spanish and English} */
  static IntentParser ruleBased() {
    return new RuleBasedIntentParser();
  }
}
