package dev.cita.scheduling.whatsapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.WebhookVerificationException;
import dev.cita.scheduling.webhook.WebhookParseException;
import dev.cita.scheduling.webhook.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TwilioRequestValidatorTest {
  /** Twilio's documented example. */
  static final String TOKEN = "12345";

  static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
  static final String SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ=";

  static Map<String, List<String>> params() {
    Map<String, List<String>> p = new LinkedHashMap<>();
    p.put("CallSid", List.of("CA1234567890ABCDE"));
    p.put("Caller", List.of("+12349013030"));
    p.put("Digits", List.of("1234"));
    p.put("From", List.of("+12349013030"));
    p.put("To", List.of("+18005551212"));
    return p;
  }

  final TwilioRequestValidator validator = TwilioRequestValidator.withAuthToken(TOKEN);

  /**
   * Found by TwilioWebhooksFuzzTest: a malformed escape in the query threw
   * IllegalArgumentException.
   */
  @Test
  void aMalformedEscapeInTheQueryIsNoBodyHashAndNeverThrows() {
    String url = "https://app.example.cl/hooks/twilio?bodySHA256=%zz";
    assertThat(TwilioRequestValidator.bodyHashOf(url)).isEmpty();
    assertThat(validator.validateJsonBody(url, new byte[0], "sig")).isFalse();
    TwilioWebhooks webhooks = TwilioWebhooks.builder(validator).build();
    WebhookRequest request =
        WebhookRequest.builder("POST", url)
            .header(TwilioWebhooks.SIGNATURE_HEADER, "sig")
            .body("MessageSid=SM1")
            .build();
    assertThatThrownBy(() -> webhooks.verify(request))
        .isInstanceOf(WebhookVerificationException.class);
    assertThatThrownBy(() -> webhooks.parse(request))
        .isInstanceOf(WebhookParseException.class)
        .hasMessageContaining("lacks From");
  }

  @Test
  void documentedVectorValidates() {
    assertThat(validator.sign(URL, params())).isEqualTo(SIGNATURE);
    assertThat(validator.validate(URL, params(), SIGNATURE)).isTrue();
  }

  @Test
  void documentedVectorValidatesWithTheDefaultPortAdded() {
    assertThat(
            validator.validate(
                "https://mycompany.com:443/myapp.php?foo=1&bar=2", params(), SIGNATURE))
        .isTrue();
  }

  @Test
  void signatureOverTheUrlWithThePortValidatesForTheUrlWithout() {
    String withPort = "https://mycompany.com:443/myapp.php?foo=1&bar=2";
    String signed = validator.sign(withPort, params());
    assertThat(validator.validate(URL, params(), signed)).isTrue();
  }

  @Test
  void httpDefaultPortIsEightyAndOtherPortsAreNotDropped() {
    assertThat(TwilioRequestValidator.urlVariants("http://a.example/x?y=1"))
        .containsExactly("http://a.example/x?y=1", "http://a.example:80/x?y=1");
    assertThat(TwilioRequestValidator.urlVariants("https://u@a.example:8443/x"))
        .containsExactly("https://u@a.example:8443/x");
    assertThat(TwilioRequestValidator.urlVariants("https://[::1]:443/x"))
        .containsExactly("https://[::1]:443/x", "https://[::1]/x");
    assertThat(TwilioRequestValidator.urlVariants("https://a.example"))
        .containsExactly("https://a.example", "https://a.example:443");
  }

  @Test
  void wrongTokenFails() {
    assertThat(TwilioRequestValidator.withAuthToken("54321").validate(URL, params(), SIGNATURE))
        .isFalse();
  }

  @Test
  void changedParamFails() {
    Map<String, List<String>> p = params();
    p.put("Digits", List.of("1235"));
    assertThat(validator.validate(URL, p, SIGNATURE)).isFalse();
  }

  @Test
  void addedParamFails() {
    Map<String, List<String>> p = params();
    p.put("Extra", List.of(""));
    assertThat(validator.validate(URL, p, SIGNATURE)).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "https://mycompany.com/myapp.php?foo=1&bar=3",
    "https://mycompany.com/myapp.php?bar=2&foo=1",
    "http://mycompany.com/myapp.php?foo=1&bar=2",
    "https://mycompany.com:8443/myapp.php?foo=1&bar=2",
    "https://evil.com/myapp.php?foo=1&bar=2"
  })
  void changedUrlFails(String url) {
    assertThat(validator.validate(url, params(), SIGNATURE)).isFalse();
  }

  @Test
  void missingOrMangledSignatureFails() {
    assertThat(validator.validate(URL, params(), null)).isFalse();
    assertThat(validator.validate(URL, params(), "")).isFalse();
    assertThat(validator.validate(URL, params(), SIGNATURE.substring(1))).isFalse();
    assertThat(validator.validate(URL, params(), "not base64 at all ~~")).isFalse();
  }

  @Test
  void repeatedParamsAreSignedOncePerValueInSortedOrder() throws Exception {
    Map<String, List<String>> p = Map.of("B", List.of("2"), "A", List.of("y", "x"));
    String expected = hmac("https://x.example/h" + "Ax" + "Ay" + "B2");
    assertThat(validator.validate("https://x.example/h", p, expected)).isTrue();
  }

  @Test
  void jsonBodyValidatesAgainstTheHashInTheUrl() throws Exception {
    byte[] body =
        "{\"ServiceSid\":\"IS123\",\"Body\":\"hola ñandú\"}".getBytes(StandardCharsets.UTF_8);
    String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    String url = "https://mycompany.com/hook?bodySHA256=" + hash;
    String signature = hmac(url);

    assertThat(validator.validateJsonBody(url, body, signature)).isTrue();
    assertThat(
            validator.validateJsonBody(
                "https://mycompany.com:443/hook?bodySHA256=" + hash, body, signature))
        .isTrue();
    byte[] changed =
        "{\"ServiceSid\":\"IS124\",\"Body\":\"hola ñandú\"}".getBytes(StandardCharsets.UTF_8);
    assertThat(validator.validateJsonBody(url, changed, signature)).isFalse();
    assertThat(TwilioRequestValidator.withAuthToken("other").validateJsonBody(url, body, signature))
        .isFalse();
    assertThat(
            validator.validateJsonBody(
                "https://mycompany.com/hook", body, hmac("https://mycompany.com/hook")))
        .isFalse();
  }

  @Test
  void blankTokenIsRejectedAndNeverShown() {
    assertThatThrownBy(() -> TwilioRequestValidator.withAuthToken(" "))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("twilio.authToken");
    assertThat(validator.toString()).doesNotContain(TOKEN);
  }

  private static String hmac(String data) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(TOKEN.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
  }
}
