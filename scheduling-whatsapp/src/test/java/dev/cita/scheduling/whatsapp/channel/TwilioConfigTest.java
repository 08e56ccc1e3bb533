package dev.cita.scheduling.whatsapp.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TwilioConfigTest {
  private static TwilioConfig.Builder valid() {
    return TwilioConfig.builder().accountSid("AC123").authToken("tok-SECRET").from("+14155238886");
  }

  @Test
  void defaultsAndNormalisedSender() {
    TwilioConfig config = valid().build();

    assertThat(config.baseUrl()).isEqualTo("https://api.twilio.com");
    assertThat(config.from()).contains("whatsapp:+14155238886");
    assertThat(config.messagingServiceSid()).isEmpty();
    assertThat(config.statusCallback()).isEmpty();
    assertThat(config.authUsername()).isEqualTo("AC123");
    assertThat(config.contentSid("reminder_customer")).isEmpty();
  }

  @Test
  void apiKeyIsTheBasicAuthUser() {
    TwilioConfig config =
        TwilioConfig.builder()
            .accountSid("AC123")
            .apiKey("SK9", "s3cret-SECRET")
            .messagingServiceSid("MG1")
            .template("reminder_customer", "HX1")
            .build();

    assertThat(config.authUsername()).isEqualTo("SK9");
    assertThat(config.contentSid("reminder_customer")).contains("HX1");
    assertThat(config.authorizationHeaderRevealingSecret())
        .isEqualTo("Basic U0s5OnMzY3JldC1TRUNSRVQ=");
  }

  @Test
  void toStringNeverShowsTheSecret() {
    assertThat(valid().build().toString())
        .contains("AC123", "secret=REDACTED")
        .doesNotContain("tok-SECRET");
  }

  @Test
  void buildNamesTheFieldAtFault() {
    assertThatThrownBy(() -> TwilioConfig.builder().authToken("t").from("+14155238886").build())
        .hasMessageContaining("accountSid");
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC1").from("+14155238886").build())
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid("AC1").authToken("t").build())
        .hasMessageContaining("sender");
    assertThatThrownBy(() -> valid().statusCallback("/relative").build())
        .hasMessageContaining("statusCallback");
    assertThatThrownBy(
            () ->
                TwilioConfig.builder()
                    .accountSid("AC1")
                    .authToken("t")
                    .from("whatsapp:14155")
                    .build())
        .hasMessageContaining("from must be whatsapp:+E164");
    assertThatThrownBy(() -> valid().template("k", "notHX")).hasMessageContaining("template k");
  }

  @Test
  void refusesValuesSetTwice() {
    assertThatThrownBy(() -> valid().messagingServiceSid("MG1"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("sender");
    assertThatThrownBy(() -> valid().apiKey("SK1", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("credentials");
    assertThatThrownBy(() -> valid().template("k", "HX1").template("k", "HX2"))
        .hasMessageContaining("already mapped");
  }
}
