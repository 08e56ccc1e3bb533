package dev.cita.scheduling.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;

/**
 * Fuzz tests (Jazzer) of the assistant's readers of untrusted customer text: {@link WhenReader},
 * {@link RuleBasedIntentParser} and {@link YesNoReader}. For every input: a reading comes back (the
 * documented outcome for text that means nothing is "nothing stated" / {@code UNKNOWN} / {@code
 * UNCLEAR}; no exception of any type escapes), it keeps the readers' promises (no past date
 * offered, a problem never comes with a date, YES never with a question mark), and it takes under
 * {@link #BOUND} (in practice microseconds to milliseconds: the text read is capped, see {@link
 * RuleBasedIntentParser#MAX_TEXT_LENGTH}). {@code mvn verify} replays the seeds in {@code
 * AssistantReaderFuzzTestInputs/<method>/}; {@code JAZZER_FUZZ=1} fuzzes each method for its {@code
 * maxDuration}.
 */
class AssistantReaderFuzzTest {
  /**
   * The time one input may take. It catches runaway work (backtracking, quadratic loops), not slow
   * machines: inputs take microseconds to a few milliseconds, but an instrumented, cold JVM on a
   * loaded machine has taken 1.2 s for its first input.
   */
  static final Duration BOUND = Duration.ofSeconds(5);

  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");

  /** Days that stress the calendar: a leap day, a non-leap February, a year end, a DST change. */
  private static final List<LocalDate> TODAYS =
      List.of(
          LocalDate.of(2026, 3, 2),
          LocalDate.of(2027, 2, 10),
          LocalDate.of(2028, 2, 29),
          LocalDate.of(2026, 12, 31),
          LocalDate.of(2026, 4, 4));

  private static final IntentParser PARSER = IntentParser.ruleBased();

  static {
    warmUp();
  }

  /**
   * Loads and initializes the readers' classes and patterns, so the bound times reading, not class
   * loading.
   */
  static void warmUp() {
    PARSER.parse(
        "quiero reservar el martes 15 de abril a las 10:30 am, sí",
        Locale.ROOT,
        LocalDateTime.of(2026, 3, 2, 9, 0).atZone(SANTIAGO));
  }

  @FuzzTest(maxDuration = "30s")
  void whenReader(byte[] data) {
    String normalized = Words.normalize(new String(data, StandardCharsets.UTF_8));
    for (LocalDate today : TODAYS) {
      long started = System.nanoTime();
      WhenReader.Reading reading = WhenReader.read(normalized, today);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
      reading.problem().ifPresent(p -> assertThat(reading.when()).isEqualTo(When.ANY));
      reading
          .when()
          .date()
          .ifPresent(d -> assertThat(d).isAfterOrEqualTo(today).isBefore(today.plusYears(3)));
    }
  }

  @FuzzTest(maxDuration = "30s")
  void intentParser(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    for (LocalDate today : TODAYS) {
      ZonedDateTime now = LocalDateTime.of(today, java.time.LocalTime.of(9, 30)).atZone(SANTIAGO);
      long started = System.nanoTime();
      Intent intent = PARSER.parse(text, Locale.forLanguageTag("es"), now);
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
      intent.when().date().ifPresent(d -> assertThat(d).isAfterOrEqualTo(today));
      if (intent.kind() == Intent.Kind.CONFIRM_YES) {
        assertThat(YesNoReader.read(text)).isEqualTo(YesNoReader.Answer.YES);
      }
      if (intent.kind() == Intent.Kind.CHOOSE) {
        assertThat(intent.choice()).isBetween(1, 99);
      }
    }
  }

  @FuzzTest(maxDuration = "30s")
  void yesNoReader(byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    long started = System.nanoTime();
    YesNoReader.Answer answer = YesNoReader.read(text);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(BOUND);
    if (answer == YesNoReader.Answer.YES) {
      assertThat(text).doesNotContain("?", "¿").hasSizeLessThanOrEqualTo(YesNoReader.MAX_LENGTH);
      assertThat(Words.normalize(text).split(" ")).doesNotContain("no", "not", "pero", "but");
    }
  }
}
