package dev.cita.scheduling.assistant.tools;

import static dev.cita.scheduling.assistant.tools.ToolsFixture.PHONE;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cita.scheduling.assistant.AssignmentRule;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The customer-facing sentence of each outcome of a yes (or not), in Spanish and English. */
class OutcomeSummaryTest {
  private static final String CUT_AT_10 =
      "{\"service_id\":\"corte\",\"branch_id\":\"centro\",\"professional_id\":\"valentina\","
          + "\"date\":\"2026-03-03\",\"time\":\"10:00\"}";

  private final ToolsFixture f = new ToolsFixture(AssignmentRule.FIRST_FREE);

  private ToolContext in(String language) {
    return new ToolContext(f.me.catalogue(), PHONE, "María", Locale.forLanguageTag(language));
  }

  private JsonNode answer(ToolContext who, String message) {
    return ToolsFixture.parse(f.tools.onCustomerMessage(who, message).orElseThrow());
  }

  private String ref(ToolContext who) {
    return f.call(who, "list_my_appointments", "{}")
        .get("appointments")
        .get(0)
        .get("reference")
        .asText();
  }

  private void bookThenMoveThenCancel(ToolContext who, String yes, String... expected) {
    f.call(who, "propose_booking", CUT_AT_10);
    JsonNode booked = answer(who, yes);
    f.call(
        who,
        "propose_reschedule",
        "{\"reference\":\"" + ref(who) + "\",\"date\":\"2026-03-04\",\"time\":\"11:30\"}");
    JsonNode moved = answer(who, yes);
    f.call(who, "propose_cancellation", "{\"reference\":\"" + ref(who) + "\"}");
    JsonNode cancelled = answer(who, yes);

    assertThat(booked.get("outcome").asText()).isEqualTo("booked");
    assertThat(moved.get("outcome").asText()).isEqualTo("rescheduled");
    assertThat(cancelled.get("outcome").asText()).isEqualTo("cancelled");
    assertThat(
            new String[] {
              booked.get("summary").asText(),
              moved.get("summary").asText(),
              cancelled.get("summary").asText()
            })
        .containsExactly(expected);
  }

  @Test
  void spanishSummariesNameWhatWhenAndWhereInTheBranchZone() {
    bookThenMoveThenCancel(
        in("es-CL"),
        "sí",
        "Listo, tu hora de Corte de pelo con Valentina Soto quedó para el martes 3 de marzo a las"
            + " 10:00 en Centro.",
        "Listo, tu hora de Corte de pelo con Valentina Soto quedó cambiada para el miércoles 4 de"
            + " marzo a las 11:30 en Centro.",
        "Listo, cancelé tu hora de Corte de pelo con Valentina Soto del miércoles 4 de marzo a las"
            + " 11:30 en Centro.");
  }

  @Test
  void englishSummariesForAnyOtherLanguage() {
    bookThenMoveThenCancel(
        in("en"),
        "yes",
        "Done, your Corte de pelo with Valentina Soto is booked for Tuesday, March 3 at 10:00 at"
            + " Centro.",
        "Done, your Corte de pelo with Valentina Soto is moved to Wednesday, March 4 at 11:30 at"
            + " Centro.",
        "Done, your Corte de pelo with Valentina Soto on Wednesday, March 4 at 11:30 at Centro is"
            + " cancelled.");
  }

  @Test
  void aDroppedOrFailedProposalSaysNothingChanged() {
    f.call(in("es"), "propose_booking", CUT_AT_10);
    assertThat(answer(in("es"), "mejor otro día").get("summary").asText())
        .isEqualTo("Entendido, dejé sin efecto la propuesta anterior: no se hizo ningún cambio.");

    f.call(in("en"), "propose_booking", CUT_AT_10);
    assertThat(answer(in("en"), "no thanks").get("summary").asText())
        .isEqualTo("Understood, I set the previous proposal aside: nothing was changed.");

    f.call(in("es"), "propose_booking", CUT_AT_10);
    f.books(ToolsFixture.CENTRO, ToolsFixture.VALE, "2026-03-03T10:00", "+56911111111");
    JsonNode taken = answer(in("es"), "sí");
    assertThat(taken.get("outcome").asText()).isEqualTo("not_done");
    assertThat(taken.get("summary").asText()).startsWith("No se pudo hacer");
  }
}
