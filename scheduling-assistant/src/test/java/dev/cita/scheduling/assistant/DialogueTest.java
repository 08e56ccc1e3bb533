package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Scripted WhatsApp dialogues with the assistant, in Spanish and English, against the clinic of
 * {@link AssistantFixture} ("now" is Monday 2 March 2026, 09:00 in Santiago; Ana works weekdays
 * 09:00–13:00, 30-minute consults, two hours' notice). Each step sends one message and checks the
 * reply contains the given parts; the end checks Ana's time-holding appointments and the store
 * size.
 */
class DialogueTest {
  static final Locale EN = Locale.ENGLISH;

  /**
   * One step: a customer message and what the reply must contain, or something that happens
   * meanwhile.
   */
  record Step(String text, List<String> expected, Consumer<AssistantFixture> action) {}

  /** A named script: its steps, the locale the app passes, and the appointments it must leave. */
  static final class Script {
    final String name;
    final Locale locale;
    final List<Step> steps = new ArrayList<>();
    List<String> holding = List.of();
    int stored;
    String start;

    Script(String name, Locale locale) {
      this.name = name;
      this.locale = locale;
    }

    Script at(String localDateTime) {
      start = localDateTime;
      return this;
    }

    Script say(String text, String... expected) {
      steps.add(new Step(text, Arrays.asList(expected), null));
      return this;
    }

    Script meanwhile(Consumer<AssistantFixture> action) {
      steps.add(new Step(null, List.of(), action));
      return this;
    }

    Script othersBook(String localDateTime) {
      return meanwhile(f -> f.otherBooks(localDateTime));
    }

    /**
     * Ana's time-holding appointments at the end (local starts) and how many the store holds in
     * all.
     */
    Script expect(int stored, String... holding) {
      this.stored = stored;
      this.holding = List.of(holding);
      return this;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  static Script es(String name) {
    return new Script("es: " + name, ES);
  }

  static Script en(String name) {
    return new Script("en: " + name, EN);
  }

  static final String BOOK_TUE_10 = "mañana a las 10";
  static final String TUE_10 = "martes 3 a las 10:00";

  static Stream<Script> dialogues() {
    return Stream.of(
        es("exact free time, confirmed")
            .say(
                "quiero reservar para mañana a las 10",
                "Tengo disponible el martes 3 a las 10:00. ¿Te la reservo? Responde «sí» o «no».")
            .say("sí", "¡Listo! Tu hora quedó reservada para el martes 3 a las 10:00.")
            .expect(1, "2026-03-03T10:00"),
        es("3 PM is closed: nearest times that day, pick one")
            .say(
                "quiero reservar para mañana a las 3 PM",
                "A esa hora no tengo disponibilidad. Las más cercanas ese día son:\n"
                    + "1) martes 3 a las 11:30\n2) martes 3 a las 12:00\n3) martes 3 a las 12:30\n"
                    + "Responde con el número de la que prefieras.")
            .say("2", "¿Confirmas tu hora para el martes 3 a las 12:00? Responde «sí» o «no».")
            .say("dale", "¡Listo! Tu hora quedó reservada para el martes 3 a las 12:00.")
            .expect(1, "2026-03-03T12:00"),
        es("today in the afternoon")
            .say(
                "hoy en la tarde",
                "Estas son las horas disponibles:\n"
                    + "1) lunes 2 a las 12:00\n"
                    + "2) lunes 2 a las 12:30\n")
            .say("la 1", "¿Confirmas tu hora para el lunes 2 a las 12:00?")
            .say("ok", "¡Listo! Tu hora quedó reservada para el lunes 2 a las 12:00.")
            .expect(1, "2026-03-02T12:00"),
        es("the day after tomorrow, third option")
            .say(
                "pasado mañana",
                "1) miércoles 4 a las 09:00\n"
                    + "2) miércoles 4 a las 09:30\n"
                    + "3) miércoles 4 a las 10:00")
            .say("3", "¿Confirmas tu hora para el miércoles 4 a las 10:00?")
            .say("perfecto", "quedó reservada para el miércoles 4 a las 10:00")
            .expect(1, "2026-03-04T10:00"),
        es("weekday and day number at a closed hour")
            .say(
                "el martes 17 a las 14:00",
                "A esa hora no tengo disponibilidad",
                "1) martes 17 a las 11:30\n2) martes 17 a las 12:00\n3) martes 17 a las 12:30")
            .say("la 3", "martes 17 a las 12:30")
            .say("si", "¡Listo!")
            .expect(1, "2026-03-17T12:30"),
        es("changes their mind at the confirmation, then another day")
            .say(BOOK_TUE_10, "Tengo disponible el " + TUE_10)
            .say("mejor no", "Está bien, no reservé nada. ¿Quieres otro día u hora?")
            .say("el jueves a las 11", "Tengo disponible el jueves 5 a las 11:00. ¿Te la reservo?")
            .say("sí", "¡Listo! Tu hora quedó reservada para el jueves 5 a las 11:00.")
            .expect(1, "2026-03-05T11:00"),
        es("changes their mind while choosing")
            .say("pasado mañana", "1) miércoles 4 a las 09:00")
            .say(
                "mejor el viernes en la mañana",
                "1) viernes 6 a las 09:00\n2) viernes 6 a las 09:30\n3) viernes 6 a las 10:00")
            .say("1", "¿Confirmas tu hora para el viernes 6 a las 09:00?")
            .say("sí", "quedó reservada para el viernes 6 a las 09:00")
            .expect(1, "2026-03-06T09:00"),
        es("answers a list with a time that was offered")
            .say(
                "mañana",
                "1) martes 3 a las 09:00\n2) martes 3 a las 09:30\n3) martes 3 a las 10:00")
            .say("a las 9:30", "¿Confirmas tu hora para el martes 3 a las 09:30?")
            .say("si", "quedó reservada para el martes 3 a las 09:30")
            .expect(1, "2026-03-03T09:30"),
        es("answers a list with a time of that day that was not listed")
            .say("mañana", "1) martes 3 a las 09:00")
            .say("a las 12", "Tengo disponible el martes 3 a las 12:00.")
            .say("sí", "quedó reservada para el martes 3 a las 12:00")
            .expect(1, "2026-03-03T12:00"),
        es("a choice out of range lists the options again")
            .say("mañana", "1) martes 3 a las 09:00")
            .say(
                "5",
                "Elige un número del 1 al 3:\n"
                    + "1) martes 3 a las 09:00\n"
                    + "2) martes 3 a las 09:30\n"
                    + "3) martes 3 a las 10:00")
            .say("2", "¿Confirmas tu hora para el martes 3 a las 09:30?")
            .say("sí", "¡Listo!")
            .expect(1, "2026-03-03T09:30"),
        es("nonsense with nothing pending lists what can be done")
            .say(
                "asdf",
                "No te entendí. Puedes escribir:\n"
                    + "- «reservar mañana a las 10»\n"
                    + "- «cambiar mi hora»\n"
                    + "- «cancelar mi hora»")
            .expect(0),
        es("nonsense while choosing lists the times again")
            .say("mañana", "1) martes 3 a las 09:00")
            .say(
                "el perro come",
                "No te entendí. Responde con el número de la hora que prefieras:\n"
                    + "1) martes 3 a las 09:00")
            .expect(0),
        es("nonsense at the confirmation never books")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say(
                "quizás",
                "No te entendí. Responde «sí» para confirmar el "
                    + TUE_10
                    + " o «no» para elegir otra.")
            .say("sí", "¡Listo!")
            .expect(1, "2026-03-03T10:00"),
        es("yes with nothing pending").say("sí", "No tengo nada pendiente de confirmar.").expect(0),
        es("greeting uses the profile name")
            .say("hola", "¡Hola María! Puedo reservar, cambiar o cancelar tu hora.")
            .expect(0),
        es("'buenas tardes' is a greeting, not an afternoon booking")
            .say("Buenas tardes", "¡Hola María!")
            .expect(0),
        es("cancel, confirmed")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say(
                "cancelar mi cita",
                "¿Quieres cancelar tu hora del " + TUE_10 + "? Responde «sí» o «no».")
            .say("sí", "Tu hora del " + TUE_10 + " fue cancelada.")
            .expect(1),
        es("cancel, then no: the appointment stays")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say("cancelar mi cita", "¿Quieres cancelar tu hora del " + TUE_10 + "?")
            .say("no", "Perfecto, tu hora del " + TUE_10 + " se mantiene.")
            .expect(1, "2026-03-03T10:00"),
        es("cancel without appointments")
            .say("cancelar mi cita", "No tienes horas reservadas. ¿Quieres reservar una?")
            .expect(0),
        es("cancel while choosing and without appointments drops the offer")
            .say("mañana", "1) martes 3 a las 09:00")
            .say("cancelar", "Está bien, no reservé nada.")
            .say("1", "No te entendí. Puedes escribir:")
            .expect(0),
        es("reschedule to a day, pick, confirm")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say(
                "mover mi cita al jueves",
                "¿A qué hora quieres cambiar tu hora del "
                    + TUE_10
                    + "? Tengo:\n"
                    + "1) jueves 5 a las 09:00\n2) jueves 5 a las 09:30\n3) jueves 5 a las 10:00")
            .say(
                "2",
                "¿Cambio tu hora del " + TUE_10 + " al jueves 5 a las 09:30? Responde «sí» o «no».")
            .say("sí", "¡Listo! Cambié tu hora al jueves 5 a las 09:30.")
            .expect(1, "2026-03-05T09:30"),
        es("reschedule to an exact free time")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say(
                "cambiar la hora al miércoles a las 11",
                "¿Cambio tu hora del " + TUE_10 + " al miércoles 4 a las 11:00?")
            .say("dale", "Cambié tu hora al miércoles 4 a las 11:00.")
            .expect(1, "2026-03-04T11:00"),
        es("reschedule without a time offers the nearest, then no keeps it")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say(
                "cambiar la hora",
                "1) lunes 2 a las 11:00\n2) lunes 2 a las 11:30\n3) lunes 2 a las 12:00")
            .say("3", "al lunes 2 a las 12:00?")
            .say("no", "Perfecto, tu hora del " + TUE_10 + " se mantiene.")
            .expect(1, "2026-03-03T10:00"),
        es("reschedule, then a day while choosing")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say("cambiar mi hora", "¿A qué hora quieres cambiar tu hora del " + TUE_10)
            .say(
                "el viernes a las 10",
                "¿Cambio tu hora del " + TUE_10 + " al viernes 6 a las 10:00?")
            .say("sí", "Cambié tu hora al viernes 6 a las 10:00.")
            .expect(1, "2026-03-06T10:00"),
        es("reschedule without appointments")
            .say("cambiar la hora", "No tienes horas reservadas.")
            .expect(0),
        es("slot taken between the offer and the yes: apology and fresh options")
            .say("mañana", "1) martes 3 a las 09:00")
            .say("1", "¿Confirmas tu hora para el martes 3 a las 09:00?")
            .othersBook("2026-03-03T09:00")
            .say(
                "sí",
                "Lo siento, esa hora la acaban de tomar. Estas son las horas disponibles:\n"
                    + "1) martes 3 a las 09:30\n2) martes 3 a las 10:00\n3) martes 3 a las 10:30")
            .say("1", "¿Confirmas tu hora para el martes 3 a las 09:30?")
            .say("sí", "quedó reservada para el martes 3 a las 09:30")
            .expect(2, "2026-03-03T09:00", "2026-03-03T09:30"),
        es("exact time taken before the yes: nearest ones that day")
            .say(BOOK_TUE_10, "Tengo disponible el " + TUE_10)
            .othersBook("2026-03-03T10:00")
            .say(
                "sí",
                "Lo siento, esa hora la acaban de tomar.",
                "1) martes 3 a las 09:00\n2) martes 3 a las 09:30\n3) martes 3 a las 10:30")
            .expect(1, "2026-03-03T10:00"),
        es("a duplicated yes books once")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say("sí", "No tengo nada pendiente de confirmar.")
            .expect(1, "2026-03-03T10:00"),
        es("a closed day offers the next open day")
            .say(
                "el sábado",
                "Ese día no me quedan horas. Las más cercanas son:\n1) lunes 9 a las 09:00")
            .expect(0),
        es("no time fits the part of the day")
            .say(
                "mañana en la noche", "Lo siento, no tengo horas disponibles en los próximos días.")
            .expect(0),
        es("two bookings in one conversation")
            .say(BOOK_TUE_10, "Tengo disponible")
            .say("sí", "¡Listo!")
            .say("mañana a las 11", "Tengo disponible el martes 3 a las 11:00")
            .say("sí", "¡Listo!")
            .expect(2, "2026-03-03T10:00", "2026-03-03T11:00"),
        es("another month is named, across the April DST change")
            .say("15 de abril a las 9", "Tengo disponible el miércoles 15 de abril a las 09:00.")
            .say("sí", "quedó reservada para el miércoles 15 de abril a las 09:00")
            .expect(1, "2026-04-15T09:00"),
        es("the customer writes in English: English replies")
            .say(
                "tomorrow at 10",
                "Tuesday 3 at 10:00 AM is available. Shall I book it? Reply \"yes\" or \"no\".")
            .say("sí", "¡Listo! Tu hora quedó reservada para el " + TUE_10 + ".")
            .expect(1, "2026-03-03T10:00"),
        es("DST spring-forward: Monday after the September change shows 09:00")
            .at("2026-09-03T09:00")
            .say("el lunes a las 9", "Tengo disponible el lunes 7 a las 09:00.")
            .say("sí", "quedó reservada para el lunes 7 a las 09:00")
            .expect(1, "2026-09-07T09:00"),
        en("tomorrow 3pm is closed: nearest that day")
            .say(
                "tomorrow 3pm",
                "That time is not available. The nearest ones that day are:\n"
                    + "1) Tuesday 3 at 11:30 AM\n"
                    + "2) Tuesday 3 at 12:00 PM\n"
                    + "3) Tuesday 3 at 12:30 PM\n"
                    + "Reply with the number of the one you prefer.")
            .say("option 3", "Shall I book Tuesday 3 at 12:30 PM for you? Reply \"yes\" or \"no\".")
            .say("yes", "Done! Your appointment is booked for Tuesday 3 at 12:30 PM.")
            .expect(1, "2026-03-03T12:30"),
        en("next Monday morning")
            .say(
                "next Monday morning",
                "These are the available times:\n1) Monday 9 at 9:00 AM\n"
                    + "2) Monday 9 at 9:30 AM\n3) Monday 9 at 10:00 AM")
            .say("1", "Shall I book Monday 9 at 9:00 AM for you?")
            .say("sure", "Done! Your appointment is booked for Monday 9 at 9:00 AM.")
            .expect(1, "2026-03-09T09:00"),
        en("on the 15th (a Sunday): the next open day, nearest to the time")
            .say(
                "on the 15th at 10:30",
                "There are no times left that day. The nearest are:\n"
                    + "1) Monday 16 at 10:00 AM\n"
                    + "2) Monday 16 at 10:30 AM\n"
                    + "3) Monday 16 at 11:00 AM")
            .say("2", "Shall I book Monday 16 at 10:30 AM for you?")
            .say("yes", "Done!")
            .expect(1, "2026-03-16T10:30"),
        en("exact time, then no")
            .say("book tomorrow at 11", "Tuesday 3 at 11:00 AM is available. Shall I book it?")
            .say("no", "All right, I didn't book anything. Would you like another day or time?")
            .expect(0),
        en("cancel, confirmed")
            .say("book tomorrow at 11", "is available")
            .say("yes", "Done!")
            .say(
                "cancel my appointment",
                "Do you want to cancel your appointment on Tuesday 3 at 11:00 AM? Reply \"yes\" or"
                    + " \"no\".")
            .say("yes", "Your appointment on Tuesday 3 at 11:00 AM has been cancelled.")
            .expect(1),
        en("cancel, then no thanks")
            .say("book tomorrow at 11", "is available")
            .say("yes", "Done!")
            .say("cancel my appointment", "Do you want to cancel")
            .say(
                "no thanks", "All right, your appointment on Tuesday 3 at 11:00 AM stays as it is.")
            .expect(1, "2026-03-03T11:00"),
        en("reschedule to Friday")
            .say("book tomorrow at 11", "is available")
            .say("yes", "Done!")
            .say(
                "reschedule to Friday",
                "Which time would you like to move your appointment on Tuesday 3 at 11:00 AM to? I"
                    + " have:\n"
                    + "1) Friday 6 at 9:00 AM\n"
                    + "2) Friday 6 at 9:30 AM\n"
                    + "3) Friday 6 at 10:00 AM")
            .say(
                "1",
                "Shall I move your appointment from Tuesday 3 at 11:00 AM to Friday 6 at 9:00 AM?")
            .say("yes", "Done! Your appointment is now on Friday 6 at 9:00 AM.")
            .expect(1, "2026-03-06T09:00"),
        en("reschedule target taken before the yes: apology and fresh options")
            .say("book tomorrow at 11", "is available")
            .say("yes", "Done!")
            .say(
                "reschedule to Friday at 9",
                "Shall I move your appointment from Tuesday 3 at 11:00 AM to Friday 6 at 9:00 AM?")
            .othersBook("2026-03-06T09:00")
            .say(
                "yes",
                "Sorry, that time was just taken.",
                "1) Friday 6 at 9:30 AM\n2) Friday 6 at 10:00 AM\n3) Friday 6 at 10:30 AM")
            .say("1", "to Friday 6 at 9:30 AM?")
            .say("yes", "Done! Your appointment is now on Friday 6 at 9:30 AM.")
            .expect(2, "2026-03-06T09:00", "2026-03-06T09:30"),
        en("booking taken before the yes")
            .say(
                "tomorrow morning",
                "1) Tuesday 3 at 9:00 AM\n2) Tuesday 3 at 9:30 AM\n3) Tuesday 3 at 10:00 AM")
            .say("2", "Shall I book Tuesday 3 at 9:30 AM for you?")
            .othersBook("2026-03-03T09:30")
            .say(
                "yes",
                "Sorry, that time was just taken. These are the available times:\n"
                    + "1) Tuesday 3 at 9:00 AM\n2) Tuesday 3 at 10:00 AM\n3) Tuesday 3 at 10:30 AM")
            .say("1", "Shall I book Tuesday 3 at 9:00 AM")
            .say("yes", "Done! Your appointment is booked for Tuesday 3 at 9:00 AM.")
            .expect(2, "2026-03-03T09:00", "2026-03-03T09:30"),
        en("nonsense lists what can be done")
            .say(
                "what is the meaning of life",
                "Sorry, I didn't understand. You can write:\n- \"book tomorrow at 10\"")
            .expect(0),
        en("a number with nothing offered is not a guess")
            .say("2", "Sorry, I didn't understand. You can write:")
            .expect(0),
        en("hello")
            .say("hello", "Hi María! I can book, move or cancel your appointment.")
            .expect(0),
        en("Saturday afternoon: the next open afternoon")
            .say(
                "Saturday afternoon",
                "There are no times left that day. The nearest are:\n"
                    + "1) Monday 9 at 12:00 PM\n2) Monday 9 at 12:30 PM\n")
            .expect(0),
        en("DST fall-back: next Monday after the April change shows 9:00 AM")
            .at("2026-04-02T09:00")
            .say("next Monday at 9am", "Monday 6 at 9:00 AM is available.")
            .say("yes", "Done! Your appointment is booked for Monday 6 at 9:00 AM.")
            .expect(1, "2026-04-06T09:00"),
        en("a yes after the offer expired is not taken as a booking")
            .say("book tomorrow at 11", "is available")
            .meanwhile(f -> f.clock.advance(java.time.Duration.ofHours(25)))
            .say("yes", "There is nothing waiting for confirmation.")
            .expect(0));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dialogues")
  void dialogue(Script script) {
    AssistantFixture f = new AssistantFixture();
    if (script.start != null) {
      f.clock.set(AssistantFixture.local(script.start));
    }
    for (Step step : script.steps) {
      if (step.action() != null) {
        step.action().accept(f);
        continue;
      }
      Reply reply = f.say(step.text(), script.locale);
      assertThat(reply.text()).as("reply to «%s»", step.text()).contains(step.expected());
    }
    assertThat(f.holding())
        .as("time-holding appointments")
        .containsExactlyElementsOf(script.holding);
    assertThat(f.appointments.size()).as("appointments stored").isEqualTo(script.stored);
  }
}
