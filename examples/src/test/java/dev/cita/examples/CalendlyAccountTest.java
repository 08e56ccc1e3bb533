package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalendlyAccountTest {
  @Test
  void withoutTheVariableItExplainsWhatItNeedsAndExitsCleanly() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        CalendlyAccount.run(Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("CALENDLY_PERSONAL_TOKEN")
        .contains("exec.mainClass=dev.cita.examples.CalendlyAccount")
        .contains("Missing: CALENDLY_PERSONAL_TOKEN")
        .contains("it books nothing")
        .contains("Exiting");
  }

  @Test
  void aBlankTokenCountsAsMissing() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        CalendlyAccount.run(
            Map.of("CALENDLY_PERSONAL_TOKEN", "  "),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("nothing to do");
  }

  @Test
  void mainReturnsNormallyWhenTheVariableIsMissing() {
    assumeTrue(System.getenv(CalendlyAccount.TOKEN) == null, "CALENDLY_PERSONAL_TOKEN is set here");
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CalendlyAccount.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("CALENDLY_PERSONAL_TOKEN")
        .contains("nothing to do");
  }
}
