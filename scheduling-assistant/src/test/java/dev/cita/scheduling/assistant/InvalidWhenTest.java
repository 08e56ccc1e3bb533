package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.assistant.AssistantFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14: a date or time that does not exist or has passed gets a reply saying it is not valid,
 * in the customer's language, and no silently different offer; end to end through the assistant of
 * {@link AssistantFixture} ("now" is Monday 2 March 2026, 09:00 in Santiago, unless moved).
 */
class InvalidWhenTest {
  final AssistantFixture f = new AssistantFixture();

  @ParameterizedTest(name = "{0} {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-03-02T09:00 | es | 31 de febrero         | La fecha que indicaste no es válida: ese"
            + " día no existe.",
        "2026-03-02T09:00 | es | quiero hora el 30 de febrero | La fecha que indicaste no es"
            + " válida: ese día no existe.",
        "2027-02-10T09:00 | es | 29 de febrero         | La fecha que indicaste no es válida: ese"
            + " día no existe.",
        "2026-03-02T09:00 | es | ayer a las 3          | La fecha u hora que indicaste no es"
            + " válida: ya pasó.",
        "2026-03-02T09:00 | es | hoy a las 8           | La fecha u hora que indicaste no es"
            + " válida: ya pasó.",
        "2026-03-02T09:00 | es | 25:00                 | La hora que indicaste no es válida",
        "2026-03-02T09:00 | es | mañana a las 24:30    | La hora que indicaste no es válida",
        "2026-03-02T09:00 | es | las 24:30             | La hora que indicaste no es válida",
        "2026-03-02T09:00 | en | February 30           | The date you gave is not valid: that day"
            + " does not exist.",
        "2027-02-10T09:00 | en | February 29 at 10am   | The date you gave is not valid: that day"
            + " does not exist.",
        "2026-03-02T09:00 | en | yesterday at 3pm      | The date or time you gave is not valid: it"
            + " has already passed.",
        "2026-03-02T09:00 | en | tomorrow at 25:00     | The time you gave is not valid"
      })
  void saysTheDateOrTimeIsNotValidAndOffersNothing(
      String now, String language, String text, String expected) {
    f.clock.set(AssistantFixture.local(now));

    Reply reply = f.say(text, Locale.forLanguageTag(language));

    assertThat(reply.text()).startsWith(expected);
    assertThat(reply.language().getLanguage()).isEqualTo(language);
    assertThat(f.conversations.find(TENANT, PHONE).orElseThrow().state())
        .isEqualTo(new ConversationState.Idle());
    assertThat(f.appointments.size()).isZero();
  }

  @Test
  void anInvalidDateWithdrawsThePendingQuestionSoALaterYesBooksNothing() {
    assertThat(f.say("mañana a las 10", ES).text()).contains("¿Te la reservo?");

    assertThat(f.say("no, mejor el 31 de febrero", ES).text())
        .startsWith("La fecha que indicaste no es válida");
    Reply yes = f.say("sí", ES);

    assertThat(f.appointments.size()).isZero();
    assertThat(yes.text())
        .startsWith("No te entendí. Responde con el número")
        .contains("1) martes 3 a las 10:00");
    assertThat(f.say("1", ES).text()).contains("¿Confirmas tu hora para el martes 3 a las 10:00?");
    f.say("sí", ES);
    assertThat(f.holding()).containsExactly("2026-03-03T10:00");
  }

  @Test
  void aValidLeapDayIsOffered() {
    f.clock.set(AssistantFixture.local("2028-02-10T09:00"));

    Reply reply = f.say("29 de febrero a las 10", ES);

    assertThat(reply.text()).contains("martes 29 a las 10:00").contains("¿Te la reservo?");
  }
}
