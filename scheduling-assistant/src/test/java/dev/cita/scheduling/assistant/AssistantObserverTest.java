package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.CONSULT;
import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.assistant.AssistantFixture.SANTIAGO;
import static dev.cita.scheduling.assistant.AssistantFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.observe.Observer;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Each turn is told to the observers: the intent read and where the conversation is now. */
class AssistantObserverTest {
  private final AssistantFixture f = new AssistantFixture();
  private final List<String> turns = new CopyOnWriteArrayList<>();

  private final BookingAssistant assistant =
      BookingAssistant.builder(f.service)
          .clock(f.clock)
          .conversationStore(f.conversations)
          .tenant(
              TENANT, TenantBookingConfig.forResource(AssistantFixture.ANA, CONSULT.id(), SANTIAGO))
          .observer(
              new Observer() {
                @Override
                public void assistantTurn(TenantId tenant, String intent, String outcome) {
                  turns.add(tenant.value() + " " + intent + " -> " + outcome);
                }
              })
          .build();

  @Test
  void aBookingDialogueIsToldTurnByTurnWithBoundedLabels() {
    assistant.handle(TENANT, PHONE, "María", "mañana a las 10", ES);
    assistant.handle(TENANT, PHONE, "María", "sí", ES);

    assertThat(turns)
        .containsExactly(
            "clinica-norte book -> awaiting_confirmation", "clinica-norte confirm_yes -> idle");
    assertThat(f.appointments.size()).isEqualTo(1);
  }
}
