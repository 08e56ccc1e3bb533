package dev.cita.scheduling.whatsapp.assistant;

import static dev.cita.scheduling.whatsapp.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.whatsapp.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.whatsapp.assistant.AssistantFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import org.junit.jupiter.api.Test;

class WhatsAppBookingAssistantTest {
  final AssistantFixture f = new AssistantFixture();

  @Test
  void aYesDeliveredTwiceAgainstTheSameStateBooksOnce() {
    f.say("mañana a las 10", ES);
    Conversation awaiting = f.conversations.find(TENANT, PHONE).orElseThrow();

    f.say("sí", ES);
    // A duplicate delivery handled concurrently saw the conversation before the first one saved.
    f.conversations.save(TENANT, PHONE, awaiting);
    Reply second = f.say("sí", ES);

    assertThat(second.text()).isEqualTo("¡Listo! Tu hora quedó reservada para el martes 3 a las 10:00.");
    assertThat(f.appointments.size()).isEqualTo(1);
    assertThat(f.conversations.find(TENANT, PHONE).orElseThrow().appointments()).hasSize(1);
  }

  @Test
  void theBookedAppointmentCarriesTheCustomerAndAConversationKey() {
    f.say("mañana a las 10", ES);
    f.say("sí", ES);

    Appointment a = f.conversations.find(TENANT, PHONE).orElseThrow().appointments().stream()
        .map(id -> f.service.appointment(TENANT, id).orElseThrow()).findFirst().orElseThrow();
    assertThat(a.attendee().name()).isEqualTo("María");
    assertThat(a.attendee().phone()).contains(PHONE);
    assertThat(a.attendee().locale().getLanguage()).isEqualTo("es");
    assertThat(a.displayZone()).isEqualTo(AssistantFixture.SANTIAGO);
    assertThat(a.idempotencyKey()).hasValueSatisfying(key -> assertThat(key).startsWith("whatsapp:").doesNotContain("912345678"));
  }

  @Test
  void twilioStylePhoneIsAccepted() {
    Reply reply = f.assistant.handle(TENANT, "whatsapp:" + PHONE, "", "hola", ES);
    assertThat(reply.text()).startsWith("¡Hola! Puedo reservar");
    assertThat(f.conversations.find(TENANT, PHONE)).isPresent();
  }

  @Test
  void badPhoneOrUnknownTenantIsATypedError() {
    assertThatThrownBy(() -> f.assistant.handle(TENANT, "0221 555 0199", "", "hola", ES))
        .isInstanceOf(ValidationException.class).hasMessageContaining("customerPhone").hasMessageNotContaining("0199");
    assertThatThrownBy(() -> f.assistant.handle(TenantId.of("other"), PHONE, "", "hola", ES))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void builderRejectsBadConfiguration() {
    assertThatThrownBy(() -> WhatsAppBookingAssistant.builder(f.service).build())
        .isInstanceOf(ValidationException.class).hasMessageContaining("tenants");
    assertThatThrownBy(() -> WhatsAppBookingAssistant.builder(f.service).maxOptions(0))
        .isInstanceOf(ValidationException.class).hasMessageContaining("maxOptions");
    assertThatThrownBy(() -> WhatsAppBookingAssistant.builder(f.service)
        .tenant(TENANT, TenantBookingConfig.forResource(AssistantFixture.ANA, AssistantFixture.CONSULT.id(),
            AssistantFixture.SANTIAGO))
        .tenant(TENANT, TenantBookingConfig.forResource(AssistantFixture.ANA, AssistantFixture.CONSULT.id(),
            AssistantFixture.SANTIAGO)))
        .isInstanceOf(ValidationException.class).hasMessageContaining("already configured");
  }

  @Test
  void replyToStringLeavesTheTextOut() {
    Reply reply = f.say("mañana a las 10", ES);
    assertThat(reply.toString()).doesNotContain("martes");
  }
}
