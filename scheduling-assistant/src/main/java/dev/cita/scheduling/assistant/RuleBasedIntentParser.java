package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The built-in {@link IntentParser}: deterministic rules over small Spanish and English word
 * tables, accents optional. It understands, among others, "quiero reservar para mañana a las 3 PM",
 * "el martes 15 a las 14:00", "hoy en la tarde", "pasado mañana", "tomorrow 3pm", "next Monday
 * morning", "on the 15th at 10:30", choices ("2", "la 2", "option 2", "la segunda"), yes and no
 * ("sí", "dale", "ok", "sure", "mejor no"), "cancelar mi cita" and "mover mi cita al jueves". Yes
 * and no are read conservatively by {@link YesNoReader}: a reply with a negation, a question mark,
 * a hedge or a contrast ("claro que no", "sí, pero no", "listo? no entiendo", "yes, no wait") is
 * never a yes.
 *
 * <p>Decisions, made once: a weekday means its next occurrence after today ("next Monday" too); a
 * day number means the next date with that number from today on; an hour from 1 to 7 without am/pm
 * means the afternoon. Anything it cannot read is {@link Intent.Kind#UNKNOWN}, never a guess; a
 * date or time that does not exist or has passed is {@link Intent.Kind#INVALID_WHEN} (see {@link
 * WhenProblem}), never another date. Messages longer than {@link #MAX_TEXT_LENGTH} characters are
 * not read.
 */
public final class RuleBasedIntentParser implements IntentParser {
  private static final Pattern CHOICE =
      Pattern.compile(
          "^(?:(?:quiero|prefiero|me quedo con|elijo|escojo|la|opcion|option|numero|number|nro|n|i"
              + " ll take|i will take|take|choose|pick|i"
              + " want)\\s+)*#?\\s*(\\d{1,2})(?:\\s+(?:please|por favor|gracias|thanks|thank"
              + " you))?$");
  private static final Pattern ORDINAL =
      Pattern.compile(
          "^(?:(?:la|el|lo|the)\\s+)?(\\p{L}+)(?:\\s+(?:one|opcion"
              + "|option|hora|please|por favor))?$");
  private static final List<String> GREETING_PHRASES =
      List.of(
          "buenas tardes",
          "buenos dias",
          "buenas noches",
          "good morning",
          "good afternoon",
          "good evening");

  /**
   * The longest message read, in characters (1,000): a longer one is {@link Intent.Kind#UNKNOWN}
   * unread, and the assistant asks again. Booking replies are short; the cap bounds the work one
   * message can cost, and reading a cut-off prefix could turn "sí … no" into a yes.
   */
  public static final int MAX_TEXT_LENGTH = 1_000;

  /** Creates the parser; it holds no state, one instance may be shared. */
  public RuleBasedIntentParser() {}

  @Override
  public Intent parse(String text, Locale locale, ZonedDateTime now) {
    Checks.notNull(text, "text");
    Checks.notNull(locale, "locale");
    Checks.notNull(now, "now");
    if (text.length() > MAX_TEXT_LENGTH) {
      return Intent.of(Intent.Kind.UNKNOWN, Optional.empty());
    }
    String s = Words.normalize(text);
    Set<String> tokens = new LinkedHashSet<>(Arrays.asList(s.split(" ")));
    Optional<Locale> language = Words.language(tokens);
    if (s.isEmpty()) {
      // Only emoji or punctuation: 👍 and 👎 still answer a question.
      return Intent.of(yesOrNo(text).orElse(Intent.Kind.UNKNOWN), language);
    }
    if (Words.containsAny(tokens, Words.CANCEL)) {
      return Intent.of(Intent.Kind.CANCEL, language);
    }
    int choice = choice(s);
    if (choice > 0) {
      return Intent.choose(choice, language);
    }
    String rest = withoutGreetings(s);
    boolean greeted = !rest.equals(s) || Words.containsAny(tokens, Words.GREETING);
    WhenReader.Reading reading = WhenReader.read(rest, now.toLocalDate());
    Optional<WhenProblem> problem = reading.problem().or(() -> pastToday(reading.when(), now));
    if (problem.isPresent()) {
      return Intent.invalid(problem.get(), language);
    }
    When when = reading.when();
    if (Words.containsAny(tokens, Words.RESCHEDULE)) {
      return Intent.reschedule(when, language);
    }
    if (when.isAny()) {
      Optional<Intent.Kind> answer = yesOrNo(text);
      if (answer.isPresent()) {
        return Intent.of(answer.get(), language);
      }
    }
    if (!when.isAny() || Words.containsAny(tokens, Words.BOOK)) {
      return Intent.book(when, language);
    }
    return Intent.of(greeted ? Intent.Kind.GREETING : Intent.Kind.UNKNOWN, language);
  }

  /** "hoy a las 8" at 09:00. */
  private static Optional<WhenProblem> pastToday(When when, ZonedDateTime now) {
    boolean past =
        when.date().filter(now.toLocalDate()::equals).isPresent()
            && when.time()
                .filter(t -> t.isBefore(now.toLocalTime().withSecond(0).withNano(0)))
                .isPresent();
    return past ? Optional.of(WhenProblem.PAST) : Optional.empty();
  }

  private static int choice(String s) {
    Matcher m = CHOICE.matcher(s);
    if (m.matches()) {
      return Integer.parseInt(m.group(1));
    }
    Matcher o = ORDINAL.matcher(s);
    return o.matches() ? Words.ORDINALS.getOrDefault(o.group(1), 0) : 0;
  }

  private static String withoutGreetings(String s) {
    String rest = " " + s + " ";
    for (String phrase : GREETING_PHRASES) {
      rest = rest.replace(" " + phrase + " ", " ");
    }
    return rest.trim();
  }

  /** Yes or no by {@link YesNoReader}; empty when the reply is not a clear one. */
  private static Optional<Intent.Kind> yesOrNo(String text) {
    return switch (YesNoReader.read(text)) {
      case YES -> Optional.of(Intent.Kind.CONFIRM_YES);
      case NO -> Optional.of(Intent.Kind.CONFIRM_NO);
      case UNCLEAR -> Optional.empty();
    };
  }
}
