package dev.cita.scheduling.assistant;

import java.text.Normalizer;
import java.time.DayOfWeek;
import java.time.Month;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** The small, explicit word tables the rule-based parser reads Spanish and English with. */
final class Words {
  private Words() {}

  static final Locale SPANISH = Locale.forLanguageTag("es");

  static final Map<String, DayOfWeek> WEEKDAYS =
      Map.ofEntries(
          Map.entry("lunes", DayOfWeek.MONDAY),
          Map.entry("martes", DayOfWeek.TUESDAY),
          Map.entry("miercoles", DayOfWeek.WEDNESDAY),
          Map.entry("jueves", DayOfWeek.THURSDAY),
          Map.entry("viernes", DayOfWeek.FRIDAY),
          Map.entry("sabado", DayOfWeek.SATURDAY),
          Map.entry("domingo", DayOfWeek.SUNDAY),
          Map.entry("monday", DayOfWeek.MONDAY),
          Map.entry("tuesday", DayOfWeek.TUESDAY),
          Map.entry("wednesday", DayOfWeek.WEDNESDAY),
          Map.entry("thursday", DayOfWeek.THURSDAY),
          Map.entry("friday", DayOfWeek.FRIDAY),
          Map.entry("saturday", DayOfWeek.SATURDAY),
          Map.entry("sunday", DayOfWeek.SUNDAY));

  static final Map<String, Month> MONTHS =
      Map.ofEntries(
          Map.entry("enero", Month.JANUARY),
          Map.entry("febrero", Month.FEBRUARY),
          Map.entry("marzo", Month.MARCH),
          Map.entry("abril", Month.APRIL),
          Map.entry("mayo", Month.MAY),
          Map.entry("junio", Month.JUNE),
          Map.entry("julio", Month.JULY),
          Map.entry("agosto", Month.AUGUST),
          Map.entry("septiembre", Month.SEPTEMBER),
          Map.entry("setiembre", Month.SEPTEMBER),
          Map.entry("octubre", Month.OCTOBER),
          Map.entry("noviembre", Month.NOVEMBER),
          Map.entry("diciembre", Month.DECEMBER),
          Map.entry("january", Month.JANUARY),
          Map.entry("february", Month.FEBRUARY),
          Map.entry("march", Month.MARCH),
          Map.entry("april", Month.APRIL),
          Map.entry("may", Month.MAY),
          Map.entry("june", Month.JUNE),
          Map.entry("july", Month.JULY),
          Map.entry("august", Month.AUGUST),
          Map.entry("september", Month.SEPTEMBER),
          Map.entry("october", Month.OCTOBER),
          Map.entry("november", Month.NOVEMBER),
          Map.entry("december", Month.DECEMBER));

  static final Map<String, Integer> ORDINALS =
      Map.ofEntries(
          Map.entry("primera", 1),
          Map.entry("primero", 1),
          Map.entry("segunda", 2),
          Map.entry("segundo", 2),
          Map.entry("tercera", 3),
          Map.entry("tercero", 3),
          Map.entry("cuarta", 4),
          Map.entry("cuarto", 4),
          Map.entry("quinta", 5),
          Map.entry("quinto", 5),
          Map.entry("first", 1),
          Map.entry("second", 2),
          Map.entry("third", 3),
          Map.entry("fourth", 4),
          Map.entry("fifth", 5));

  static final Set<String> CANCEL =
      set(
          "cancelar",
          "cancela",
          "cancelo",
          "cancelame",
          "cancelala",
          "cancelarla",
          "anular",
          "anula",
          "cancel");
  static final Set<String> RESCHEDULE =
      set(
          "cambiar",
          "cambia",
          "cambiame",
          "cambiala",
          "cambiarla",
          "mover",
          "mueve",
          "moverla",
          "muevela",
          "reagendar",
          "reagenda",
          "reprogramar",
          "postergar",
          "adelantar",
          "reschedule",
          "move",
          "change");
  static final Set<String> BOOK =
      set(
          "reservar",
          "reserva",
          "reservo",
          "reservame",
          "agendar",
          "agenda",
          "agendame",
          "hora",
          "horas",
          "cita",
          "turno",
          "disponible",
          "disponibilidad",
          "book",
          "booking",
          "appointment",
          "schedule",
          "slot",
          "slots",
          "available",
          "availability");
  static final Set<String> GREETING =
      set(
          "hola",
          "buenas",
          "buenos",
          "hello",
          "hi",
          "hey",
          "ayuda",
          "help",
          "menu",
          "info",
          "opciones",
          "options");

  static final Set<String> SPANISH_HINTS =
      set(
          "quiero",
          "reservar",
          "agendar",
          "hora",
          "cita",
          "para",
          "manana",
          "hoy",
          "pasado",
          "las",
          "la",
          "el",
          "de",
          "en",
          "tarde",
          "noche",
          "si",
          "dale",
          "perfecto",
          "cancelar",
          "cambiar",
          "mover",
          "mi",
          "hola",
          "buenas",
          "buenos",
          "gracias",
          "mejor",
          "opcion",
          "proximo",
          "que",
          "por",
          "favor",
          "ayuda",
          "al",
          "del",
          "media",
          "otra",
          "anular",
          "reagendar",
          "claro",
          "listo",
          "vale",
          "dia",
          "semana",
          "lunes",
          "martes",
          "miercoles",
          "jueves",
          "viernes",
          "sabado",
          "domingo");
  static final Set<String> ENGLISH_HINTS =
      set(
          "i",
          "want",
          "to",
          "book",
          "appointment",
          "tomorrow",
          "today",
          "at",
          "the",
          "on",
          "morning",
          "afternoon",
          "evening",
          "yes",
          "sure",
          "cancel",
          "reschedule",
          "my",
          "next",
          "option",
          "hello",
          "hi",
          "hey",
          "please",
          "thanks",
          "help",
          "move",
          "change",
          "day",
          "after",
          "for",
          "noon",
          "tonight",
          "yeah",
          "yep",
          "nope",
          "would",
          "like",
          "can",
          "could",
          "an",
          "is",
          "it",
          "week",
          "pm",
          "am",
          "monday",
          "tuesday",
          "wednesday",
          "thursday",
          "friday",
          "saturday",
          "sunday");

  private static final Pattern MARKS = Pattern.compile("\\p{M}+");
  private static final Pattern AM_PM = Pattern.compile("(\\d)\\s*([ap])\\.?\\s?m\\.?(?![a-z])");
  private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9:#]+");
  private static final Pattern LONE_COLON = Pattern.compile("(?<!\\d):|:(?!\\d)");
  private static final Pattern SPACES = Pattern.compile("\\s+");

  /**
   * Lower case (root locale), accents and other combining marks removed: "Sí" → "si", "MAÑANA" →
   * "manana".
   */
  static String fold(String text) {
    return MARKS
        .matcher(Normalizer.normalize(text, Normalizer.Form.NFD))
        .replaceAll("")
        .toLowerCase(Locale.ROOT);
  }

  /**
   * Lower case, accents removed, "3 p.m." as "3 pm", punctuation as spaces (':' kept for times).
   */
  static String normalize(String text) {
    String s = AM_PM.matcher(fold(text)).replaceAll("$1 $2m");
    s = LONE_COLON.matcher(NOT_WORD.matcher(s).replaceAll(" ")).replaceAll(" ");
    return SPACES.matcher(s.trim()).replaceAll(" ");
  }

  /** Spanish or English, by which language's hint words the text has more of; empty on a tie. */
  static Optional<Locale> language(Set<String> tokens) {
    long es = tokens.stream().filter(SPANISH_HINTS::contains).count();
    long en = tokens.stream().filter(ENGLISH_HINTS::contains).count();
    if (es == en) {
      return Optional.empty();
    }
    return Optional.of(es > en ? SPANISH : Locale.ENGLISH);
  }

  static boolean containsAny(Set<String> tokens, Set<String> words) {
    return tokens.stream().anyMatch(words::contains);
  }

  private static Set<String> set(String... words) {
    return Set.copyOf(new HashSet<>(Arrays.asList(words)));
  }
}
