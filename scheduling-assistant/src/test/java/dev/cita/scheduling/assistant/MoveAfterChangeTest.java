package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static dev.cita.scheduling.assistant.AssistantFixture.PHONE;
import static dev.cita.scheduling.assistant.AssistantFixture.TENANT;
import static dev.cita.scheduling.assistant.AssistantFixture.local;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.spi.AppointmentStore;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A move the customer confirms after the appointment was cancelled or changed between the proposal
 * and the "sí": the customer is told, offered fresh times to book, and nothing is moved. Before, a
 * cancel landing after the assistant's own check made reschedule() throw InvalidTransitionException
 * out of {@link BookingAssistant#handle}.
 */
class MoveAfterChangeTest {

  @Test
  void aMoveConfirmedAfterTheAppointmentWasCancelledSaysSoAndOffersFreshTimes() {
    AssistantFixture f = new AssistantFixture();
    AppointmentId booked = bookTuesdayAtTen(f, ES);
    assertThat(f.say("cambiar la hora al miércoles a las 11", ES).text())
        .startsWith("¿Cambio tu hora del martes 3 a las 10:00 al miércoles 4 a las 11:00?");

    f.service.cancel(TENANT, booked);
    Reply reply = f.say("sí", ES);

    assertThat(reply.text())
        .startsWith(
            "Lo siento, no pude cambiar tu hora: ya no está vigente (fue cancelada o cambiada).")
        .contains("Tengo disponible el miércoles 4 a las 11:00. ¿Te la reservo?")
        .doesNotContain("Listo");
    assertNothingMoved(f, booked);
    // The fresh offer is a new booking proposal: its "sí" books for real.
    assertThat(f.say("sí", ES).text())
        .isEqualTo("¡Listo! Tu hora quedó reservada para el miércoles 4 a las 11:00.");
    assertThat(f.holding()).containsExactly("2026-03-04T11:00");
  }

  /**
   * The cancel lands after the assistant checked the appointment and before the move is written.
   */
  @Test
  void aCancelRacingTheConfirmedMoveIsAnsweredNotThrown() {
    CancelBeforeNextUpdate store = new CancelBeforeNextUpdate();
    AssistantFixture f = new AssistantFixture(store::around);
    store.fixture = f;
    AppointmentId booked = bookTuesdayAtTen(f, Locale.ENGLISH);
    assertThat(f.say("reschedule to Wednesday at 11", Locale.ENGLISH).text())
        .startsWith(
            "Shall I move your appointment from Tuesday 3 at 10:00 AM to Wednesday 4 at 11:00 AM?");

    store.armed = booked;
    Reply reply = f.say("yes", Locale.ENGLISH);

    assertThat(store.armed).as("the cancel ran inside the move").isNull();
    assertThat(reply.text())
        .startsWith(
            "Sorry, I could not move your appointment: it is no longer active (it was cancelled or"
                + " changed).")
        .contains("Wednesday 4 at 11:00 AM is available. Shall I book it?")
        .doesNotContain("Done!");
    assertNothingMoved(f, booked);
  }

  private static AppointmentId bookTuesdayAtTen(AssistantFixture f, Locale locale) {
    boolean es = locale.getLanguage().equals("es");
    f.say(es ? "mañana a las 10" : "book tomorrow at 10", locale);
    assertThat(f.say(es ? "sí" : "yes", locale).text()).startsWith(es ? "¡Listo!" : "Done!");
    return f.conversations.find(TENANT, PHONE).orElseThrow().appointments().get(0);
  }

  private static void assertNothingMoved(AssistantFixture f, AppointmentId booked) {
    Appointment after = f.service.appointment(TENANT, booked).orElseThrow();
    assertThat(after.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(after.start()).isEqualTo(local("2026-03-03T10:00"));
    assertThat(f.holding()).isEmpty();
    assertThat(f.appointments.size()).isEqualTo(1);
  }

  /**
   * Passes everything to the in-memory store; when armed, the next update (the move's write, after
   * the assistant's check and the service's read) first cancels the armed appointment.
   */
  static final class CancelBeforeNextUpdate {
    AssistantFixture fixture;
    volatile AppointmentId armed;

    AppointmentStore around(AppointmentStore inner) {
      return (AppointmentStore)
          Proxy.newProxyInstance(
              AppointmentStore.class.getClassLoader(),
              new Class<?>[] {AppointmentStore.class},
              (proxy, method, args) -> {
                AppointmentId cancel = armed;
                if (method.getName().equals("update") && cancel != null) {
                  armed = null;
                  fixture.service.cancel(TENANT, cancel);
                }
                try {
                  return method.invoke(inner, args);
                } catch (InvocationTargetException e) {
                  throw e.getCause();
                }
              });
    }
  }
}
