package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MicrosoftOnboardingTest {
  @Test
  void withoutTheVariablesItExplainsWhatItNeedsAndExitsCleanly() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        MicrosoftOnboarding.run(
            Map.of(),
            new BufferedReader(new StringReader("")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isZero();
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("MICROSOFT_CLIENT_ID")
        .contains("MICROSOFT_CLIENT_SECRET")
        .contains("MICROSOFT_AUTHORITY")
        .contains("http://localhost:60000/oauth/callback")
        .contains("Calendars.ReadWrite")
        .contains("Exiting");
  }

  @Test
  void mainReturnsNormallyWhenTheVariablesAreMissing() throws Exception {
    assumeTrue(
        System.getenv(MicrosoftOnboarding.CLIENT_ID) == null, "MICROSOFT_CLIENT_ID is set here");
    PrintStream originalOut = System.out;
    InputStream originalIn = System.in;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    System.setIn(new ByteArrayInputStream(new byte[0]));
    try {
      MicrosoftOnboarding.main(new String[0]);
    } finally {
      System.setOut(originalOut);
      System.setIn(originalIn);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("nothing to do");
  }

  @Test
  void anAddressWithoutACodeConnectsNothing() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    int status =
        MicrosoftOnboarding.run(
            Map.of("MICROSOFT_CLIENT_ID", "6731de76", "MICROSOFT_CLIENT_SECRET", "s3cret"),
            new BufferedReader(new StringReader("http://localhost:60000/oauth/callback?error=x\n")),
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(status).isEqualTo(1);
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("login.microsoftonline.com/organizations/oauth2/v2.0/authorize")
        .contains("nothing connected")
        .doesNotContain("s3cret");
  }
}
