package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GoogleOnboardingTest {
  @Test
  void withoutTheVariablesItExplainsWhatItNeedsAndExitsCleanly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        GoogleOnboarding.run(Map.of(), new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("GOOGLE_OAUTH_CLIENT_ID")
        .contains("GOOGLE_OAUTH_CLIENT_SECRET")
        .contains("http://localhost:60000/oauth/callback")
        .contains("Exiting");
  }

  @Test
  void mainReturnsNormallyWhenTheVariablesAreMissing() throws Exception {
    assumeTrue(
        System.getenv(GoogleOnboarding.CLIENT_ID) == null, "GOOGLE_OAUTH_CLIENT_ID is set here");
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    try {
      GoogleOnboarding.main(new String[0]);
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("nothing to do");
  }
}
