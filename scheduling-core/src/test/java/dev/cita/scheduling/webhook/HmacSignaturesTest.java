package dev.cita.scheduling.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class HmacSignaturesTest {
  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void matchesRfc4231TestCase2() {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?"
    assertThat(HmacSignatures.hmacSha256Hex(b("Jefe"), b("what do ya want "), b("for nothing?")))
        .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  }

  @Test
  void partsAreConcatenated() {
    assertThat(HmacSignatures.hmacSha256Hex(b("k"), b("123"), b("."), b("{}")))
        .isEqualTo(HmacSignatures.hmacSha256Hex(b("k"), b("123.{}")));
  }

  @Test
  void hexComparisonIgnoresCaseAndRejectsDifferencesAndBlanks() {
    String sig = HmacSignatures.hmacSha256Hex(b("k"), b("body"));
    assertThat(HmacSignatures.hexEquals(sig, sig.toUpperCase())).isTrue();
    assertThat(
            HmacSignatures.hexEquals(sig, sig.substring(0, 63) + (sig.endsWith("0") ? "1" : "0")))
        .isFalse();
    assertThat(HmacSignatures.hexEquals(sig, sig.substring(1))).isFalse();
    assertThat(HmacSignatures.hexEquals(sig, null)).isFalse();
    assertThat(HmacSignatures.hexEquals(sig, " ")).isFalse();
  }

  @Test
  void anEmptyKeyIsRefused() {
    assertThatThrownBy(() -> HmacSignatures.hmacSha256Hex(new byte[0], b("x")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("an HMAC key must not be empty");
  }

  @Test
  void aBlankCandidateNeverMatchesEvenAnEmptyExpectation() {
    assertThat(HmacSignatures.hexEquals("", " ")).isFalse();
    assertThat(HmacSignatures.hexEquals("", "")).isFalse();
  }

  @Test
  void aSecretConfiguredAsTextIsItsUtf8Bytes() {
    assertThat(HmacSignatures.utf8("señal")).isEqualTo("señal".getBytes(StandardCharsets.UTF_8));
    assertThat(HmacSignatures.utf8("señal")).hasSize(6);
  }
}
