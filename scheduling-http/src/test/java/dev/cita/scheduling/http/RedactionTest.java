package dev.cita.scheduling.http;

import static org.assertj.core.api.Assertions.assertThat;

import okhttp3.HttpUrl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedactionTest {

  @Test
  void masksE164NumbersToTheirLastThreeDigits() {
    assertThat(Redaction.maskPhone("whatsapp:+14155550123")).isEqualTo("whatsapp:+********123");
    assertThat(Redaction.maskPhone("To=%2B56912345678&x=1")).isEqualTo("To=%2B********678&x=1");
    assertThat(Redaction.maskPhone("from +56912345678 to +12349013030."))
        .isEqualTo("from +********678 to +********030.");
  }

  @Test
  void leavesShortNumbersAndPlainTextAlone() {
    assertThat(Redaction.maskPhone("1 + 2 = 3, +123456, version 2.1"))
        .isEqualTo("1 + 2 = 3, +123456, version 2.1");
  }

  @Test
  void redactsSensitiveQueryParametersAndMasksPhonesInOthers() {
    HttpUrl url =
        HttpUrl.get(
            "https://user:pw@api.example.test/cb?code=abc123&state=s1"
                + "&access_token=tok-999&api_key=k-1&To=%2B14155550123&signature=sig-1&password=pw-2");
    String shown = Redaction.redactQuery(url);
    assertThat(shown)
        .startsWith("https://api.example.test/cb?")
        .contains(
            "code=REDACTED",
            "state=s1",
            "access_token=REDACTED",
            "api_key=REDACTED",
            "signature=REDACTED",
            "password=REDACTED")
        .doesNotContain("abc123", "tok-999", "k-1", "sig-1", "pw-2", "pw@", "4155550")
        .containsPattern("To=(\\+|%2B)\\*+123");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Authorization",
        "authorization",
        "Proxy-Authorization",
        "Cookie",
        "Set-Cookie",
        "X-Twilio-Signature",
        "X-Cal-Signature-256",
        "Calendly-Webhook-Signature",
        "X-Api-Key",
        "X-Auth-Token",
        "X-Client-Secret"
      })
  void sensitiveHeaders(String name) {
    assertThat(Redaction.isSensitiveHeader(name)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"Content-Type", "Accept", "User-Agent", "X-Request-Id", "Retry-After"})
  void ordinaryHeaders(String name) {
    assertThat(Redaction.isSensitiveHeader(name)).isFalse();
  }

  @Test
  void sensitiveNames() {
    assertThat(Redaction.isSensitiveName("access_token")).isTrue();
    assertThat(Redaction.isSensitiveName("refresh_token")).isTrue();
    assertThat(Redaction.isSensitiveName("client_secret")).isTrue();
    assertThat(Redaction.isSensitiveName("code_verifier")).isTrue();
    assertThat(Redaction.isSensitiveName("code")).isTrue();
    assertThat(Redaction.isSensitiveName("apiKey")).isTrue();
    assertThat(Redaction.isSensitiveName("grant_type")).isFalse();
    assertThat(Redaction.isSensitiveName("Body")).isFalse();
    assertThat(Redaction.isSensitiveName("countryCode")).isFalse();
  }

  @Test
  void redactsFormFieldsAndMasksPhonesInTheRest() {
    String form =
        "grant_type=refresh_token&refresh_token=rt-secret-1&client_secret=cs-2"
            + "&To=whatsapp%3A%2B14155550123&Body=Hola+%2B56912345678";
    assertThat(Redaction.redactForm(form))
        .isEqualTo(
            "grant_type=refresh_token&refresh_token=REDACTED&client_secret=REDACTED"
                + "&To=whatsapp:+********123&Body=Hola +********678");
  }

  @Test
  void redactsJsonAtAnyDepth() {
    String json =
        "{\"access_token\":\"at-1\",\"user\":{\"phone\":\"+56912345678\",\"name\":\"Ana\","
            + "\"creds\":[{\"client_secret\":\"cs-3\"}]},\"expires_in\":3600}";
    assertThat(Redaction.redactJson(json))
        .isEqualTo(
            "{\"access_token\":\"REDACTED\",\"user\":{\"phone\":\"+********678\",\"name\":\"Ana\","
                + "\"creds\":[{\"client_secret\":\"REDACTED\"}]},\"expires_in\":3600}");
  }

  @Test
  void unparseableJsonIsNotShown() {
    assertThat(Redaction.redactJson("{\"access_token\": \"at-9\""))
        .doesNotContain("at-9")
        .startsWith("(unparseable JSON");
  }

  @Test
  void redactsCredentialsInFreeTextAndCutsIt() {
    String text =
        "Invalid header Authorization: Bearer eyJhbGciOi.payload.sig for token=abc "
            + "and \"client_secret\": \"xyz\" sending to +14155550123";
    String shown = Redaction.redactText(text, 500);
    assertThat(shown)
        .doesNotContain("eyJhbGciOi", "abc", "xyz", "4155550")
        .contains("REDACTED", "+********123");
    assertThat(Redaction.redactText("x".repeat(300), 50)).hasSize(50).endsWith("…");
  }
}
