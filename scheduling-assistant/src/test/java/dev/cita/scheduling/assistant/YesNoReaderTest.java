package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.assistant.YesNoReader.Answer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Issue 14, "the assistant never books without a real yes": the table {@code yes-no-replies.csv}
 * (Spanish with Chilean usage, English, emoji, accents missing, capitals, repeated letters) read by
 * {@link YesNoReader}, by the parser, and end to end through the assistant.
 */
class YesNoReaderTest {
  private static final String TABLE = "/dev/cita/scheduling/assistant/yes-no-replies.csv";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = TABLE, delimiter = '|', numLinesToSkip = 1)
  void readsTheTable(String reply, Answer expected) {
    assertThat(YesNoReader.read(reply)).isEqualTo(expected);
  }

  @Test
  void theTableIsLargeAndCoversEveryReading() throws IOException {
    Map<String, Long> byAnswer =
        rows().stream().collect(Collectors.groupingBy(row -> row[1], Collectors.counting()));
    assertThat(byAnswer.values().stream().mapToLong(Long::longValue).sum())
        .isGreaterThanOrEqualTo(100);
    assertThat(byAnswer).containsOnlyKeys("YES", "NO", "UNCLEAR");
    assertThat(byAnswer.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(30));
  }

  /** The parser says yes exactly for the table's YES, no for its NO, and neither for UNCLEAR. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = TABLE, delimiter = '|', numLinesToSkip = 1)
  void theParserAgreesWithTheTable(String reply, Answer expected) {
    Intent.Kind kind =
        IntentParser.ruleBased().parse(reply, ES, RuleBasedIntentParserTest.NOW).kind();
    switch (expected) {
      case YES -> assertThat(kind).isEqualTo(Intent.Kind.CONFIRM_YES);
      case NO -> assertThat(kind).isEqualTo(Intent.Kind.CONFIRM_NO);
      case UNCLEAR -> assertThat(kind).isNotIn(Intent.Kind.CONFIRM_YES, Intent.Kind.CONFIRM_NO);
    }
  }

  /** After "¿Te la reservo?", only the table's YES books; everything else books nothing. */
  @ParameterizedTest(name = "{0} -> {1}")
  @CsvFileSource(resources = TABLE, delimiter = '|', numLinesToSkip = 1)
  void onlyAYesBooksEndToEnd(String reply, Answer expected) {
    AssistantFixture f = new AssistantFixture();
    assertThat(f.say("mañana a las 10", ES).text()).contains("¿Te la reservo?");

    f.say(reply, ES);

    assertThat(f.appointments.size()).isEqualTo(expected == Answer.YES ? 1 : 0);
  }

  /** The nine replies of issue 14 that each booked the slot. */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "es | claro que no",
        "es | sí, pero no",
        "es | ok, mejor no",
        "es | vale pero no puedo",
        "es | perfecto, pero mejor otro día",
        "es | listo? no entiendo",
        "en | yes, no wait",
        "en | sure, not",
        "en | great, but no"
      })
  void issue14_noneOfTheNineRepliesBooks(String language, String reply) {
    Locale locale = Locale.forLanguageTag(language);
    AssistantFixture f = new AssistantFixture();
    String offer =
        f.say(language.equals("es") ? "mañana a las 10" : "tomorrow at 10", locale).text();
    assertThat(offer).containsAnyOf("¿Te la reservo?", "Shall I book it?");

    Reply answer = f.say(reply, locale);

    assertThat(f.appointments.size()).isZero();
    assertThat(f.holding()).isEmpty();
    assertThat(answer.text())
        .doesNotContain("Listo!")
        .doesNotContain("Done!")
        .containsAnyOf(
            "no reservé nada", "didn't book anything", "No te entendí", "didn't understand");
  }

  @Test
  void aReplyLongerThanTheCapIsUnclearEvenIfEveryWordIsYes() {
    String yeses = "sí ".repeat(YesNoReader.MAX_LENGTH);
    assertThat(YesNoReader.read(yeses)).isEqualTo(Answer.UNCLEAR);
    assertThat(YesNoReader.read("sí ".repeat(YesNoReader.MAX_LENGTH / 3 - 1)))
        .isEqualTo(Answer.YES);
  }

  private static List<String[]> rows() throws IOException {
    try (InputStream in = YesNoReaderTest.class.getResourceAsStream(TABLE)) {
      String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      return text.lines()
          .skip(1)
          .filter(l -> !l.isBlank() && !l.startsWith("#"))
          .map(l -> Arrays.stream(l.split("\\|")).map(String::strip).toArray(String[]::new))
          .collect(Collectors.toList());
    }
  }
}
