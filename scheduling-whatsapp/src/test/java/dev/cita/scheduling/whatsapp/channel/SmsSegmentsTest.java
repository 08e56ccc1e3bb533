package dev.cita.scheduling.whatsapp.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.whatsapp.channel.SmsSegments.Encoding;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SmsSegmentsTest {
  @ParameterizedTest(name = "{0} is GSM-7")
  @ValueSource(strings = {"ñ", "Ñ", "é", "É", "ü", "à", "¿", "¡", "@", "£", "Ç", "ß", "\n"})
  void gsm7BasicCharactersCountOne(String c) {
    SmsSegments s = SmsSegments.of("a" + c);

    assertThat(s.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(s.units()).isEqualTo(2);
  }

  // The GSM 03.38 basic table has é, ñ, ü, à but not á, í, ó, ú (nor ç, â, ê): one of them makes
  // the
  // whole text UCS-2.
  @ParameterizedTest(name = "{0} forces UCS-2")
  @ValueSource(strings = {"á", "í", "ó", "ú", "Á", "ç", "â", "ê", "“"})
  void charactersOutsideGsm7ForceUcs2(String c) {
    SmsSegments s = SmsSegments.of("Hola " + c);

    assertThat(s.encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(s.units()).isEqualTo(6);
  }

  @ParameterizedTest(name = "{0} is an extension character counting 2")
  @ValueSource(strings = {"€", "[", "]", "{", "}", "\\", "^", "~", "|"})
  void extensionCharactersCountTwo(String c) {
    SmsSegments s = SmsSegments.of("10" + c);

    assertThat(s.encoding()).isEqualTo(Encoding.GSM_7);
    assertThat(s.units()).isEqualTo(4);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // text length (GSM-7 'a's), segments: 160 fit one, 161 need two of 153
    "1, 1",
    "160, 1",
    "161, 2",
    "306, 2",
    "307, 3",
  })
  void gsm7SegmentLimits(int length, int segments) {
    assertThat(SmsSegments.of("a".repeat(length)).segments()).isEqualTo(segments);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"70, 1", "71, 2", "134, 2", "135, 3"})
  void ucs2SegmentLimits(int length, int segments) {
    // "ó" makes it UCS-2; every character is one UTF-16 unit.
    assertThat(SmsSegments.of("ó".repeat(length)).segments()).isEqualTo(segments);
  }

  @Test
  void emojiIsUcs2AndASurrogatePairCountsTwo() {
    SmsSegments s = SmsSegments.of("ok 👍");

    assertThat(s.encoding()).isEqualTo(Encoding.UCS_2);
    assertThat(s.units()).isEqualTo(5);
    // 35 emoji = 70 units: one segment; 36 = 72 units: two, 33 pairs (66 units) in the first.
    assertThat(SmsSegments.of("👍".repeat(35)).segments()).isEqualTo(1);
    assertThat(SmsSegments.of("👍".repeat(36)).segments()).isEqualTo(2);
    // A 67-unit part holds 33 whole pairs, never half of one: 67 emoji need 33 + 33 + 1.
    assertThat(SmsSegments.of("👍".repeat(67)).segments()).isEqualTo(3);
  }

  @Test
  void anExtensionCharacterIsNotSplitAcrossSegments() {
    // 152 'a' + '€' = 154 septets in 153-septet parts: the escape pair moves to part 2.
    assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(10)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(151)).segments()).isEqualTo(2);
    assertThat(SmsSegments.of("a".repeat(152) + "€" + "a".repeat(152)).segments()).isEqualTo(3);
    // 159 'a' + '€' = 161 septets: two segments, not one
    assertThat(SmsSegments.of("a".repeat(159) + "€").segments()).isEqualTo(2);
  }
}
