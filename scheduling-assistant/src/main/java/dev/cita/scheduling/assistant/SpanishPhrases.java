package dev.cita.scheduling.assistant;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/** What the assistant says in Spanish. */
final class SpanishPhrases extends Phrases {
  private static final List<String> DAYS =
      List.of("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo");
  private static final List<String> MONTHS =
      List.of(
          "enero",
          "febrero",
          "marzo",
          "abril",
          "mayo",
          "junio",
          "julio",
          "agosto",
          "septiembre",
          "octubre",
          "noviembre",
          "diciembre");

  SpanishPhrases(LocalDate today) {
    super(today);
  }

  @Override
  Locale language() {
    return Words.SPANISH;
  }

  @Override
  String when(ZonedDateTime t, boolean withMonth) {
    return DAYS.get(t.getDayOfWeek().getValue() - 1)
        + " "
        + t.getDayOfMonth()
        + (withMonth ? " de " + MONTHS.get(t.getMonthValue() - 1) : "")
        + (t.getHour() == 1 ? " a la " : " a las ")
        + String.format(Locale.ROOT, "%02d:%02d", t.getHour(), t.getMinute());
  }

  @Override
  String greeting(String name) {
    return "¡Hola"
        + (name.isEmpty() ? "" : " " + name)
        + "! Puedo reservar, cambiar o cancelar tu hora. "
        + "Escríbeme, por ejemplo, «mañana a las 10» o «el martes en la tarde».";
  }

  @Override
  String didNotUnderstand() {
    return "No te entendí. Puedes escribir:\n"
        + "- «reservar mañana a las 10»\n"
        + "- «cambiar mi hora»\n"
        + "- «cancelar mi hora»";
  }

  @Override
  String offerHeader(SlotFinder.Kind kind) {
    return switch (kind) {
      case NEAREST_SAME_DAY -> "A esa hora no tengo disponibilidad. Las más cercanas ese día son:";
      case OTHER_DAYS -> "Ese día no me quedan horas. Las más cercanas son:";
      default -> "Estas son las horas disponibles:";
    };
  }

  @Override
  String pickNumber() {
    return "Responde con el número de la que prefieras.";
  }

  @Override
  String noSlots() {
    return "Lo siento, no tengo horas disponibles en los próximos días.";
  }

  @Override
  String exactAvailable(String when) {
    return "Tengo disponible el " + when + ". ¿Te la reservo? Responde «sí» o «no».";
  }

  @Override
  String confirmBooking(String when) {
    return "¿Confirmas tu hora para el " + when + "? Responde «sí» o «no».";
  }

  @Override
  String booked(String when) {
    return "¡Listo! Tu hora quedó reservada para el " + when + ".";
  }

  @Override
  String taken() {
    return "Lo siento, esa hora la acaban de tomar.";
  }

  @Override
  String notBooked() {
    return "Lo siento, no pude reservar esa hora.";
  }

  @Override
  String declined() {
    return "Está bien, no reservé nada. ¿Quieres otro día u hora?";
  }

  @Override
  String chooseBetween(int count) {
    return "Elige un número del 1 al " + count + ":";
  }

  @Override
  String noAppointment() {
    return "No tienes horas reservadas. ¿Quieres reservar una?";
  }

  @Override
  String askCancel(String when) {
    return "¿Quieres cancelar tu hora del " + when + "? Responde «sí» o «no».";
  }

  @Override
  String cancelled(String when) {
    return "Tu hora del " + when + " fue cancelada.";
  }

  @Override
  String kept(String when) {
    return "Perfecto, tu hora del " + when + " se mantiene.";
  }

  @Override
  String moveHeader(String from) {
    return "¿A qué hora quieres cambiar tu hora del " + from + "? Tengo:";
  }

  @Override
  String confirmMove(String from, String to) {
    return "¿Cambio tu hora del " + from + " al " + to + "? Responde «sí» o «no».";
  }

  @Override
  String moved(String to) {
    return "¡Listo! Cambié tu hora al " + to + ".";
  }

  @Override
  String moveNoLongerPossible() {
    return "Lo siento, no pude cambiar tu hora: ya no está vigente (fue cancelada o cambiada).";
  }

  @Override
  String nothingPending() {
    return "No tengo nada pendiente de confirmar. Puedes escribir «reservar», «cambiar mi hora» o"
        + " «cancelar mi hora».";
  }

  @Override
  String notUnderstoodPick() {
    return "No te entendí. Responde con el número de la hora que prefieras:";
  }

  @Override
  String notUnderstoodConfirm(String when) {
    return "No te entendí. Responde «sí» para confirmar el " + when + " o «no» para elegir otra.";
  }

  @Override
  String notUnderstoodYesNo() {
    return "No te entendí. Responde «sí» o «no».";
  }

  @Override
  String invalidWhen(WhenProblem problem) {
    return switch (problem) {
      case NO_SUCH_DATE ->
          "La fecha que indicaste no es válida: ese día no existe. Escríbeme otra, por ejemplo "
              + "«el martes 15» o «mañana a las 10».";
      case NO_SUCH_TIME ->
          "La hora que indicaste no es válida: usa una hora entre 00:00 y 23:59, por ejemplo "
              + "«a las 10:30» o «a las 3 PM».";
      case PAST ->
          "La fecha u hora que indicaste no es válida: ya pasó. Escríbeme una desde ahora en"
              + " adelante, por ejemplo «mañana a las 10».";
    };
  }

  @Override
  String defaultName() {
    return "Cliente WhatsApp";
  }

  @Override
  String with() {
    return "con";
  }

  @Override
  String ask(ConversationState.Dimension dimension) {
    return switch (dimension) {
      case SERVICE -> "¿Qué servicio quieres? Tenemos:";
      case BRANCH -> "¿En qué sucursal? Tenemos:";
      case PROFESSIONAL -> "¿Con quién te quieres atender?";
    };
  }

  @Override
  String anyone() {
    return "Cualquiera (la primera persona disponible)";
  }

  @Override
  String notOffered() {
    return "Esa combinación no la tenemos.";
  }

  @Override
  String yourAppointments() {
    return "Estas son tus horas:";
  }

  @Override
  String listFooter() {
    return "Si quieres cambiar o cancelar una, escríbeme por ejemplo «cancelar la 1» o «cambiar la"
        + " 1».";
  }

  @Override
  String whichAppointment() {
    return "Tienes más de una hora. ¿Cuál?";
  }

  @Override
  String moveOrCancel(String when) {
    return "¿Qué quieres hacer con tu hora del " + when + "? Escribe «cambiar» o «cancelar».";
  }

  @Override
  String noAppointmentThatDay() {
    return "No tienes horas ese día.";
  }

  @Override
  String pickOption() {
    return "Responde con el número o el nombre.";
  }
}
