package dev.cita.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SecretsTest {
  @Test
  void aLongSecretShowsOnlyItsLastFourCharactersAndLength() {
    String key = "cal_live_0123456789abcdefWXYZ";

    assertThat(Secrets.mask(key))
        .isEqualTo("****WXYZ (" + key.length() + " chars)")
        .doesNotContain("cal_live");
  }

  @Test
  void aShortSecretShowsNothingButItsLength() {
    assertThat(Secrets.mask("abcdefgh")).isEqualTo("**** (8 chars)");
    assertThat(Secrets.mask(null)).isEqualTo("(none)");
  }
}
