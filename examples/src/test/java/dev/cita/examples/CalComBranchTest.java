package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CalComBranchTest {
  @Test
  void withoutTheVariablesItExplainsWhatItNeedsAndExitsCleanly() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status = CalComBranch.run(Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(text)
        .contains("CALCOM_API_KEY")
        .contains("CALCOM_EVENT_TYPE_ID")
        .contains("CALCOM_BASE_URL")
        .contains("CALCOM_BOOK=yes")
        .contains("CALCOM_ATTENDEE_EMAIL")
        .contains("exec.mainClass=dev.cita.examples.CalComBranch")
        .contains("Missing: CALCOM_API_KEY, CALCOM_EVENT_TYPE_ID")
        .contains("Exiting");
  }

  @Test
  void bookingWithoutAnAttendeeEmailNamesThatVariableAndNeverPrintsTheKey() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    String key = "cal_live_0123456789abcdef0123456789";

    int status =
        CalComBranch.run(
            Map.of("CALCOM_API_KEY", key, "CALCOM_EVENT_TYPE_ID", "42", "CALCOM_BOOK", "yes"),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(status).isZero();
    assertThat(text)
        .contains("Missing: CALCOM_ATTENDEE_EMAIL")
        .doesNotContain(key)
        .doesNotContain("0123456789");
  }

  @Test
  void aNonNumericEventTypeIdIsRefusedBeforeAnyCall() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        CalComBranch.run(
            Map.of("CALCOM_API_KEY", "cal_live_secret", "CALCOM_EVENT_TYPE_ID", "consulta"),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(2);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("CALCOM_EVENT_TYPE_ID must be a number")
        .doesNotContain("cal_live_secret");
  }

  @Test
  void mainReturnsNormallyWhenTheVariablesAreMissing() {
    assumeTrue(System.getenv(CalComBranch.API_KEY) == null, "CALCOM_API_KEY is set here");
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      CalComBranch.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("CALCOM_API_KEY")
        .contains("nothing to do");
  }
}
