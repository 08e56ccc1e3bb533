package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.assistant.AssistantFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.NotFoundException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class BookingAssistantTest {
  final AssistantFixture f = new AssistantFixture();

  @Test
  void aYesDeliveredTwiceAgainstTheSameStateBooksOnce() {
    f.say("mañana a las 10", ES);
    Conversation awaiting = f.conversations.find(TENANT, PHONE).orElseThrow();

    f.say("sí", ES);
    // A duplicate delivery handled concurrently saw the conversation before the first one saved.
    f.conversations.save(TENANT, PHONE, awaiting);
    Reply second = f.say("sí", ES);

    assertThat(second.text())
        .isEqualTo("¡Listo! Tu hora quedó reservada para el martes 3 a las 10:00.");
    assertThat(f.appointments.size()).isEqualTo(1);
    assertThat(f.conversations.find(TENANT, PHONE).orElseThrow().appointments()).hasSize(1);
  }

  /**
   * Issue 14, idempotency: a new conversation for the same customer, slot and proposal counter
   * reused the booking key, got the CANCELLED appointment back and said "¡Listo!" while nothing
   * held the slot. The conversation here is lost (another node, an erasure, a store that was reset)
   * and the clock has not moved, as with a fixed clock or two conversations started in one
   * millisecond.
   */
  @Test
  void issue14_aNewConversationAfterACancellationBooksForRealInsteadOfReplayingIt() {
    f.say("mañana a las 10", ES);
    f.say("sí", ES);
    Appointment first =
        f.appointments
            .findTimeHolding(
                TENANT,
                AssistantFixture.ANA,
                f.clock.instant(),
                f.clock.instant().plus(Duration.ofDays(2)))
            .get(0);
    f.service.cancel(TENANT, first.id());
    BookingAssistant otherNode =
        BookingAssistant.builder(f.service)
            .clock(f.clock)
            .tenant(
                TENANT,
                TenantBookingConfig.forResource(
                    AssistantFixture.ANA, AssistantFixture.CONSULT.id(), AssistantFixture.SANTIAGO))
            .build();

    assertThat(otherNode.handle(TENANT, PHONE, "María", "mañana a las 10", ES).text())
        .contains("¿Te la reservo?");
    Reply reply = otherNode.handle(TENANT, PHONE, "María", "sí", ES);

    assertThat(reply.text())
        .isEqualTo("¡Listo! Tu hora quedó reservada para el martes 3 a las 10:00.");
    assertThat(f.holding()).containsExactly("2026-03-03T10:00");
    assertThat(f.appointments.size()).isEqualTo(2);
  }

  /**
   * Issue 14: the assistant checks what book() returned. A duplicate delivery of a "sí" arrives
   * after the clinic cancelled the booking it made; the replay returns the cancelled appointment,
   * which holds nothing: the customer is told and offered fresh times, not "¡Listo!".
   */
  @Test
  void issue14_aReplayThatReturnsACancelledAppointmentIsNotReportedAsBooked() {
    f.say("mañana a las 10", ES);
    Conversation awaiting = f.conversations.find(TENANT, PHONE).orElseThrow();
    f.say("sí", ES);
    Conversation booked = f.conversations.find(TENANT, PHONE).orElseThrow();
    f.service.cancel(TENANT, booked.appointments().get(0));
    f.conversations.save(TENANT, PHONE, awaiting);

    Reply reply = f.say("sí", ES);

    assertThat(reply.text())
        .doesNotContain("Listo")
        .startsWith("Lo siento, no pude reservar esa hora.")
        .contains("Tengo disponible el martes 3 a las 10:00. ¿Te la reservo?");
    assertThat(f.holding()).isEmpty();
    assertThat(f.conversations.find(TENANT, PHONE).orElseThrow().appointments()).isEmpty();
    // The fresh offer is a new proposal with a new key: its "sí" books for real.
    assertThat(f.say("sí", ES).text())
        .isEqualTo("¡Listo! Tu hora quedó reservada para el martes 3 a las 10:00.");
    assertThat(f.holding()).containsExactly("2026-03-03T10:00");
  }

  @Test
  void everyProposalHasItsOwnKeyEvenInConversationsStartedAtTheSameInstant() {
    Conversation a = Conversation.start(ES, f.clock.instant());
    Conversation b = Conversation.start(ES, f.clock.instant());

    assertThat(a.proposal()).isNotEqualTo(b.proposal());
    assertThat(a.nextProposal().proposal()).isNotEqualTo(a.proposal());
    assertThat(a.with(new ConversationState.Idle()).proposal()).isEqualTo(a.proposal());
  }

  @Test
  void theBookedAppointmentCarriesTheCustomerAndAConversationKey() {
    f.say("mañana a las 10", ES);
    f.say("sí", ES);

    Appointment a =
        f.conversations.find(TENANT, PHONE).orElseThrow().appointments().stream()
            .map(id -> f.service.appointment(TENANT, id).orElseThrow())
            .findFirst()
            .orElseThrow();
    assertThat(a.attendee().name()).isEqualTo("María");
    assertThat(a.attendee().phone()).contains(PHONE);
    assertThat(a.attendee().locale().getLanguage()).isEqualTo("es");
    assertThat(a.displayZone()).isEqualTo(AssistantFixture.SANTIAGO);
    assertThat(a.idempotencyKey())
        .hasValueSatisfying(
            key -> assertThat(key).startsWith("whatsapp:").doesNotContain("912345678"));
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
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("customerPhone")
        .hasMessageNotContaining("0199");
    assertThatThrownBy(() -> f.assistant.handle(TenantId.of("other"), PHONE, "", "hola", ES))
        .isInstanceOf(NotFoundException.class);
  }

  @Test
  void builderRejectsBadConfiguration() {
    assertThatThrownBy(() -> BookingAssistant.builder(f.service).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("tenants");
    assertThatThrownBy(() -> BookingAssistant.builder(f.service).maxOptions(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("maxOptions");
    assertThatThrownBy(
            () ->
                BookingAssistant.builder(f.service)
                    .tenant(
                        TENANT,
                        TenantBookingConfig.forResource(
                            AssistantFixture.ANA,
                            AssistantFixture.CONSULT.id(),
                            AssistantFixture.SANTIAGO))
                    .tenant(
                        TENANT,
                        TenantBookingConfig.forResource(
                            AssistantFixture.ANA,
                            AssistantFixture.CONSULT.id(),
                            AssistantFixture.SANTIAGO)))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("already configured");
  }

  @Test
  void replyToStringLeavesTheTextOut() {
    Reply reply = f.say("mañana a las 10", ES);
    assertThat(reply.toString()).doesNotContain("martes");
  }
}
