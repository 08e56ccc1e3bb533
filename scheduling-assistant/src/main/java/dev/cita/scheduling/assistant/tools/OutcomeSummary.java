package dev.cita.scheduling.assistant.tools;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The sentence that tells the customer, in their language (Spanish for {@code es*}, else English),
 * what their answer to a proposal did; a channel can send it as is when no model is there to say
 * it. Times are in the zone of the appointment's branch.
 */
final class OutcomeSummary {
  private static final Locale SPANISH = Locale.forLanguageTag("es");
  private static final DateTimeFormatter DAY_ES =
      DateTimeFormatter.ofPattern("EEEE d 'de' MMMM 'a las' HH:mm", SPANISH);
  private static final DateTimeFormatter DAY_EN =
      DateTimeFormatter.ofPattern("EEEE, MMMM d 'at' HH:mm", Locale.ENGLISH);

  private OutcomeSummary() {}

  /** What an appointment is: its service, professional, local start and branch. */
  record What(String service, String professional, ZonedDateTime start, String branch) {}

  private static boolean spanish(Locale locale) {
    return locale.getLanguage().equals("es");
  }

  /** "Listo, tu hora de Corte con Valentina Soto quedó para el martes 3 de marzo a las 10:00 …". */
  static String booked(Locale locale, What w) {
    return spanish(locale)
        ? "Listo, tu hora de " + es(w) + " quedó para el " + whereEs(w) + "."
        : "Done, your " + en(w) + " is booked for " + whereEn(w) + ".";
  }

  static String cancelled(Locale locale, What w) {
    return spanish(locale)
        ? "Listo, cancelé tu hora de " + es(w) + " del " + whereEs(w) + "."
        : "Done, your " + en(w) + " on " + whereEn(w) + " is cancelled.";
  }

  static String rescheduled(Locale locale, What w) {
    return spanish(locale)
        ? "Listo, tu hora de " + es(w) + " quedó cambiada para el " + whereEs(w) + "."
        : "Done, your " + en(w) + " is moved to " + whereEn(w) + ".";
  }

  /** The answer was not a yes: the proposal is set aside. */
  static String dropped(Locale locale) {
    return spanish(locale)
        ? "Entendido, dejé sin efecto la propuesta anterior: no se hizo ningún cambio."
        : "Understood, I set the previous proposal aside: nothing was changed.";
  }

  /** The yes came too late: the time was taken or the appointment changed. */
  static String notDone(Locale locale) {
    return spanish(locale)
        ? "No se pudo hacer: la hora ya no está disponible o la cita cambió. No se hizo ningún"
            + " cambio."
        : "That could not be done: the time is no longer free or the appointment changed."
            + " Nothing was changed.";
  }

  /** The booking system did not answer. */
  static String failed(Locale locale) {
    return spanish(locale)
        ? "No pude completarlo porque el sistema de reservas no respondió. Inténtalo de nuevo en"
            + " un momento."
        : "I could not complete it because the booking system did not answer. Please try again"
            + " in a moment.";
  }

  private static String es(What w) {
    return w.service() + " con " + w.professional();
  }

  private static String en(What w) {
    return w.service() + " with " + w.professional();
  }

  private static String whereEs(What w) {
    return DAY_ES.format(w.start()) + " en " + w.branch();
  }

  private static String whereEn(What w) {
    return DAY_EN.format(w.start()) + " at " + w.branch();
  }
}
