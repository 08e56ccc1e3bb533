package dev.cita.scheduling.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Attendee;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 14: a profile name with a newline or NUL must neither forge a log line nor break booking.
 */
class InboundMessageTest {
  @Test
  void controlCharactersInTheProfileNameBecomeSpacesSoItIsAValidAttendeeName() {
    InboundMessage m =
        new InboundMessage(
            "SM1\nINFO forged",
            "whatsapp:+56912345678",
            "whatsapp:+14155238886",
            "hola",
            Optional.of("María\nINFO forged\u0000José"),
            Optional.empty());
    assertThat(m.profileName()).contains("María INFO forged José");
    assertThat(Attendee.builder(m.profileName().orElseThrow()).build().name())
        .isEqualTo("María INFO forged José");
    assertThat(m.toString()).doesNotContain("\n");
    assertThat(
            new InboundMessage("SM1", "a", "b", "", Optional.of("\n\u0000"), Optional.empty())
                .profileName())
        .isEmpty();
  }

  @Test
  void aStatusCallbackPrintsOnOneLine() {
    assertThat(
            new StatusCallback("SM1\nINFO forged", "failed\r\n", Optional.of("63016\n")).toString())
        .doesNotContain("\n", "\r")
        .contains("SM1\\nINFO forged");
  }
}
