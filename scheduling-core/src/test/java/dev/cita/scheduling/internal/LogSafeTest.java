package dev.cita.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogSafeTest {
  @Test
  void lineBreaksAndControlCharactersAreEscapedSoNoSecondLineCanStart() {
    assertThat(LogSafe.escape("norte\n2026-03-01 INFO fake"))
        .isEqualTo("norte\\n2026-03-01 INFO fake");
    assertThat(LogSafe.escape("a\r\tb\u0000c\u001bd")).isEqualTo("a\\r\\tb\\u0000c\\u001Bd");
    assertThat(LogSafe.escape("a\u2028b\u2029c\u0085d\u202Ee"))
        .isEqualTo("a\\u2028b\\u2029c\\u0085d\\u202Ee");
  }

  @Test
  void ordinaryTextIsUnchangedIncludingAccents() {
    String text = "Sucursal Ñuñoa · José";
    assertThat(LogSafe.escape(text)).isSameAs(text);
    assertThat(LogSafe.escape(null)).isEqualTo("null");
  }

  @Test
  void longTextIsCut() {
    String escaped = LogSafe.escape("x".repeat(10_000) + "\n");
    assertThat(escaped)
        .hasSizeLessThan(LogSafe.MAX_CHARS + 30)
        .endsWith("…(10001 chars)")
        .doesNotContain("\n");
  }
}
