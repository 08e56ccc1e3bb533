package dev.cita.scheduling.google;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentId;
import org.junit.jupiter.api.Test;

class GoogleEventIdsTest {
  @Test
  void theIdIsBase32HexOfTheAppointmentIdAndStable() {
    // RFC 4648 test vector: BASE32-HEX("foobar") = "CPNMUOJ1E8======", lower case and unpadded.
    assertThat(GoogleEventIds.forAppointment(AppointmentId.of("foobar")))
        .isEqualTo("citacpnmuoj1e8");
    String uuid =
        GoogleEventIds.forAppointment(AppointmentId.of("7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11"));
    assertThat(uuid)
        .matches("[0-9a-v]{5,1024}")
        .isEqualTo(
            GoogleEventIds.forAppointment(
                AppointmentId.of("7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11")));
  }

  @Test
  void theAppointmentIsReadBackFromTheEventId() {
    for (String id :
        new String[] {
          "a",
          "foobar",
          "cita-nandu-42",
          "agenda@clinica.cl",
          "x".repeat(200),
          "7f1c9a52-3d1e-4c55-9a57-2b1e8f0c4d11"
        }) {
      assertThat(GoogleEventIds.appointmentOf(GoogleEventIds.forAppointment(AppointmentId.of(id))))
          .contains(AppointmentId.of(id));
    }
  }

  /**
   * Issue 14: ids are ASCII; an event id decoding to anything else (here "cita-ñandú") is not
   * Cita's.
   */
  @Test
  void anEventIdDecodingToSomethingThatIsNotAnIdIsNotTakenForAnAppointment() {
    assertThat(GoogleEventIds.appointmentOf("cita" + "cdkn8o9doeom2rj4oet0")).isEmpty();
  }

  @Test
  void foreignEventIdsAreNotTakenForAppointments() {
    assertThat(GoogleEventIds.appointmentOf("dentist1")).isEmpty();
    assertThat(GoogleEventIds.appointmentOf("citaw")).isEmpty();
    assertThat(GoogleEventIds.appointmentOf("cita")).isEmpty();
    assertThat(GoogleEventIds.appointmentOf("4qhe3c6fjnbl9dbd1u1lnnbmq0_20260310T130000Z"))
        .isEmpty();
  }

  @Test
  void anAppointmentIdTooLongForGoogleIsRefusedNamingTheField() {
    assertThatThrownBy(() -> GoogleEventIds.forAppointment(AppointmentId.of("x".repeat(700))))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("appointmentId"));
  }
}
