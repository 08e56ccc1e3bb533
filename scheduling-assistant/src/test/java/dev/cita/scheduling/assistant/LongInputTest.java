package dev.cita.scheduling.assistant;

import static dev.cita.scheduling.assistant.AssistantFixture.ES;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, bounded work per message: a very long message (100 KB of digits and date words) is not
 * read past the cap ({@link RuleBasedIntentParser#MAX_TEXT_LENGTH} characters for the parser and
 * the date reader, {@link YesNoReader#MAX_LENGTH} for yes/no): it is UNKNOWN, the assistant asks
 * again, nothing is booked, and each reading takes well under {@link
 * AssistantReaderFuzzTest#BOUND}.
 */
class LongInputTest {
  private static final String[] WORDS = {
    "31",
    "de",
    "febrero",
    "a",
    "las",
    "25:00",
    "10:30",
    "el",
    "martes",
    "15",
    "sí",
    "no",
    "pero",
    "mañana",
    "tomorrow",
    "at",
    "3pm",
    "ya",
    "dale",
    "👍",
    "2",
    "la",
    "opción",
    "?"
  };

  /** Seeded random words and digits; the seed is in the test so a failure replays. */
  static String words(int length, long seed) {
    Random random = new Random(seed);
    StringBuilder b = new StringBuilder(length + 16);
    while (b.length() < length) {
      b.append(
              random.nextBoolean()
                  ? WORDS[random.nextInt(WORDS.length)]
                  : String.valueOf(random.nextInt(100_000)))
          .append(' ');
    }
    return b.substring(0, length);
  }

  @Test
  void a100KbMessageIsUnknownAndCheap() {
    String text = words(100_000, 14L);
    IntentParser parser = IntentParser.ruleBased();
    AssistantReaderFuzzTest.warmUp();

    long started = System.nanoTime();
    Intent intent = parser.parse(text, ES, RuleBasedIntentParserTest.NOW);
    Duration took = Duration.ofNanos(System.nanoTime() - started);

    assertThat(intent.kind()).isEqualTo(Intent.Kind.UNKNOWN);
    assertThat(took).isLessThan(AssistantReaderFuzzTest.BOUND);
    assertThat(YesNoReader.read("sí ".repeat(40_000))).isEqualTo(YesNoReader.Answer.UNCLEAR);
    assertThat(WhenReader.read(Words.normalize(text), LocalDate.of(2026, 3, 2)).when())
        .isEqualTo(When.ANY);
    System.out.println("100 KB message parsed in " + took.toNanos() / 1_000 + " µs");
  }

  @Test
  void a100KbMessageThroughTheAssistantAsksAgainAndBooksNothing() {
    AssistantFixture f = new AssistantFixture();
    f.say("mañana a las 10", ES);

    Reply reply = f.say("sí " + words(100_000, 15L), ES);

    assertThat(reply.text()).startsWith("No te entendí.");
    assertThat(f.appointments.size()).isZero();
  }

  /** The worst a message at the cap can cost: many date and time words for the patterns to try. */
  @Test
  void messagesAtTheCapAreReadWithinTheBound() {
    IntentParser parser = IntentParser.ruleBased();
    AssistantReaderFuzzTest.warmUp();
    long slowest = 0;
    for (long seed = 0; seed < 100; seed++) {
      String text = words(RuleBasedIntentParser.MAX_TEXT_LENGTH, seed);
      long started = System.nanoTime();
      Intent intent = parser.parse(text, ES, RuleBasedIntentParserTest.NOW);
      long took = System.nanoTime() - started;
      slowest = Math.max(slowest, took);
      assertThat(intent).as("seed %d", seed).isNotNull();
      assertThat(Duration.ofNanos(took))
          .as("seed %d", seed)
          .isLessThan(AssistantReaderFuzzTest.BOUND);
    }
    assertThat(
            parser
                .parse(
                    words(RuleBasedIntentParser.MAX_TEXT_LENGTH + 1, 1L),
                    ES,
                    RuleBasedIntentParserTest.NOW)
                .kind())
        .isEqualTo(Intent.Kind.UNKNOWN);
    System.out.println("slowest of 100 messages at the cap: " + slowest / 1_000 + " µs");
  }
}
