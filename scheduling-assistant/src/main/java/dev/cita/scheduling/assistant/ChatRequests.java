package dev.cita.scheduling.assistant;

import dev.cita.scheduling.assistant.ConversationState.Dimension;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Requests read from a message's normalized text (see {@link Words#normalize}) that the {@link
 * Intent} does not carry: "mis citas", "¿qué servicios tienen?", "cualquiera", "cancelar la 2".
 */
final class ChatRequests {
  private static final List<String> MY_APPOINTMENTS =
      List.of(
          "mis citas",
          "mis horas",
          "mis reservas",
          "mis turnos",
          "que horas tengo",
          "que citas tengo",
          "my appointments",
          "my bookings",
          "my reservations",
          "what appointments do i have");
  private static final List<String> SERVICES =
      List.of("servicios", "tratamientos", "prestaciones", "services", "treatments");
  private static final List<String> BRANCHES =
      List.of("sucursales", "sedes", "locales", "branches", "locations");
  private static final List<String> PROFESSIONALS =
      List.of(
          "profesionales",
          "quienes atienden",
          "quien atiende",
          "professionals",
          "staff",
          "who works");
  private static final List<String> ANYONE =
      List.of(
          "cualquiera",
          "da igual",
          "me da lo mismo",
          "anyone",
          "anybody",
          "whoever",
          "no preference");
  private static final Pattern NUMBER =
      Pattern.compile("(?:^| )(?:la |el |numero |nro |number |#)?([1-9])(?: |$)");

  private static final Pattern TO = Pattern.compile(" (?:para el|para|al|to|for) ");

  private ChatRequests() {}

  /**
   * "cambia mi hora del jueves para el sábado": the text before the first "para", "al", "to" or
   * "for" (which may name the appointment's day) and the text after it (the new time); empty when
   * the text has no such word.
   */
  static Optional<List<String>> fromTo(String normalized) {
    Matcher m = TO.matcher(" " + normalized + " ");
    if (!m.find()) {
      return Optional.empty();
    }
    String padded = " " + normalized + " ";
    return Optional.of(
        List.of(padded.substring(0, m.start()).strip(), padded.substring(m.end()).strip()));
  }

  /** "mis citas", "my appointments". */
  static boolean myAppointments(String normalized) {
    return has(normalized, MY_APPOINTMENTS);
  }

  /** "¿qué servicios tienen?": which list of the catalogue the customer asks for, if any. */
  static Optional<Dimension> catalogueQuestion(String normalized) {
    if (has(normalized, SERVICES)) {
      return Optional.of(Dimension.SERVICE);
    }
    if (has(normalized, BRANCHES)) {
      return Optional.of(Dimension.BRANCH);
    }
    if (has(normalized, PROFESSIONALS)) {
      return Optional.of(Dimension.PROFESSIONAL);
    }
    return Optional.empty();
  }

  /** "cualquiera", "anyone": any free professional will do. */
  static boolean anyone(String normalized) {
    return has(normalized, ANYONE);
  }

  /** The option number in "cancelar la 2", if the text has one digit standing alone. */
  static OptionalInt number(String normalized) {
    Matcher m = NUMBER.matcher(normalized);
    return m.find() ? OptionalInt.of(Integer.parseInt(m.group(1))) : OptionalInt.empty();
  }

  /** The text without the option number {@link #number} found. */
  static String withoutNumber(String normalized) {
    return NUMBER.matcher(normalized).replaceFirst(" ").strip();
  }

  private static boolean has(String normalized, List<String> phrases) {
    String padded = " " + normalized + " ";
    return phrases.stream().anyMatch(p -> padded.contains(" " + p + " "));
  }
}
