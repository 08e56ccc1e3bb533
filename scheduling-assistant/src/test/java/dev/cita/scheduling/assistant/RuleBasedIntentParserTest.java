package dev.cita.scheduling.assistant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.assistant.Intent.Kind;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** "Now" is Monday 2 March 2026, 09:00 in Santiago, unless a test says otherwise. */
class RuleBasedIntentParserTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final ZonedDateTime NOW = LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO);
  static final Locale ES = Locale.forLanguageTag("es");

  final IntentParser parser = IntentParser.ruleBased();

  Intent parse(String text) {
    return parser.parse(text, ES, NOW);
  }

  /** kind | date | time | part of day ("-" for absent). */
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quiero reservar para mañana a las 3 PM | BOOK | 2026-03-03 | 15:00 | -",
        "Quiero reservar para manana a las 3 p.m.| BOOK | 2026-03-03 | 15:00 | -",
        "el martes 17 a las 14:00              | BOOK | 2026-03-17 | 14:00 | -",
        "hoy en la tarde                       | BOOK | 2026-03-02 | -     | AFTERNOON",
        "pasado mañana                         | BOOK | 2026-03-04 | -     | -",
        "mañana en la mañana                   | BOOK | 2026-03-03 | -     | MORNING",
        "el jueves a las 10 y media            | BOOK | 2026-03-05 | 10:30 | -",
        "a las 3 de la tarde                   | BOOK | -          | 15:00 | AFTERNOON",
        "a las 9                               | BOOK | -          | 09:00 | -",
        "15 de abril a las 9                   | BOOK | 2026-04-15 | 09:00 | -",
        "el 1                                  | BOOK | 2026-04-01 | -     | -",
        "viernes a las 12:30 pm                | BOOK | 2026-03-06 | 12:30 | -",
        "mañana a las 8 pm                     | BOOK | 2026-03-03 | 20:00 | -",
        "mañana 9:00 a.m.                      | BOOK | 2026-03-03 | 09:00 | -",
        "el sábado al mediodía                 | BOOK | 2026-03-07 | 12:00 | -",
        "el lunes                              | BOOK | 2026-03-09 | -     | -",
        "hola, quiero una hora para mañana     | BOOK | 2026-03-03 | -     | -",
        "tomorrow 3pm                          | BOOK | 2026-03-03 | 15:00 | -",
        "next Monday morning                   | BOOK | 2026-03-09 | -     | MORNING",
        "on the 15th at 10:30                  | BOOK | 2026-03-15 | 10:30 | -",
        "March 20 at 11am                      | BOOK | 2026-03-20 | 11:00 | -",
        "the 3rd of April                      | BOOK | 2026-04-03 | -     | -",
        "day after tomorrow                    | BOOK | 2026-03-04 | -     | -",
        "today in the evening                  | BOOK | 2026-03-02 | -     | EVENING",
        "at noon on Friday                     | BOOK | 2026-03-06 | 12:00 | -",
        "I want to book an appointment         | BOOK | -          | -     | -",
        "Saturday afternoon                    | BOOK | 2026-03-07 | -     | AFTERNOON",
        "cambiar la hora                       | RESCHEDULE | - | - | -",
        "mover mi cita al jueves               | RESCHEDULE | 2026-03-05 | - | -",
        "reschedule to Friday                  | RESCHEDULE | 2026-03-06 | - | -",
        "can I move it to tomorrow at 11?      | RESCHEDULE | 2026-03-03 | 11:00 | -"
      })
  void readsDatesAndTimes(String text, Kind kind, String date, String time, String part) {
    Intent intent = parse(text.strip());
    assertThat(intent.kind()).isEqualTo(kind);
    assertThat(intent.when())
        .isEqualTo(
            new When(
                date.equals("-") ? Optional.empty() : Optional.of(LocalDate.parse(date)),
                time.equals("-") ? Optional.empty() : Optional.of(LocalTime.parse(time)),
                part.equals("-") ? Optional.empty() : Optional.of(PartOfDay.valueOf(part))));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2 | 2",
        "la 2 | 2",
        "La 2. | 2",
        "option 2 | 2",
        "opción 3 | 3",
        "#1 | 1",
        "la segunda | 2",
        "the first one | 1",
        "quiero la 3 | 3",
        "número 2 | 2"
      })
  void readsChoices(String text, int n) {
    Intent intent = parse(text);
    assertThat(intent.kind()).isEqualTo(Kind.CHOOSE);
    assertThat(intent.choice()).isEqualTo(n);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "sí | CONFIRM_YES",
        "si | CONFIRM_YES",
        "Sí, por favor | CONFIRM_YES",
        "dale | CONFIRM_YES",
        "ok | CONFIRM_YES",
        "OK! | CONFIRM_YES",
        "perfecto | CONFIRM_YES",
        "de acuerdo | CONFIRM_YES",
        "yes | CONFIRM_YES",
        "sure | CONFIRM_YES",
        "Yes please | CONFIRM_YES",
        "sounds good | CONFIRM_YES",
        "no | CONFIRM_NO",
        "mejor no | CONFIRM_NO",
        "No gracias | CONFIRM_NO",
        "nope | CONFIRM_NO",
        "no thanks | CONFIRM_NO",
        "cancelar mi cita | CANCEL",
        "Quiero cancelar | CANCEL",
        "cancel my appointment | CANCEL",
        "hola | GREETING",
        "Buenas tardes | GREETING",
        "hello | GREETING",
        "ayuda | GREETING",
        "help | GREETING",
        "asdf qwerty | UNKNOWN",
        "🙂 | UNKNOWN",
        "the weather is nice | UNKNOWN",
        "quizás | UNKNOWN"
      })
  void readsOtherIntents(String text, Kind kind) {
    assertThat(parse(text).kind()).isEqualTo(kind);
  }

  @Test
  void emptyTextIsUnknown() {
    assertThat(parse("").kind()).isEqualTo(Kind.UNKNOWN);
    assertThat(parse("   ").kind()).isEqualTo(Kind.UNKNOWN);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "quiero reservar mañana | es", "cancelar mi cita | es", "sí | es", "tomorrow 3pm | en",
        "cancel my appointment | en", "yes please | en", "2 | -", "ok | -"
      })
  void detectsTheLanguageWhenTheTextTells(String text, String language) {
    assertThat(parse(text).language().map(Locale::getLanguage).orElse("-")).isEqualTo(language);
  }

  @Test
  void weekdayAndDayNumberFindTheDateWithBoth() {
    ZonedDateTime thursday = LocalDateTime.parse("2026-09-10T09:00").atZone(SANTIAGO);
    Intent intent = parser.parse("el martes 15 a las 14:00", ES, thursday);
    assertThat(intent.when()).isEqualTo(When.at(LocalDate.of(2026, 9, 15), LocalTime.of(14, 0)));
    // In March the next Tuesday the 15th is in September.
    assertThat(parse("el martes 15").when().date()).contains(LocalDate.of(2026, 9, 15));
  }

  @Test
  void aWeekdayNamedOnThatDayMeansNextWeek() {
    assertThat(parse("el lunes a las 10").when())
        .isEqualTo(When.at(LocalDate.of(2026, 3, 9), LocalTime.of(10, 0)));
  }

  @Test
  void relativeDatesCrossMonthAndYearEnds() {
    ZonedDateTime newYearsEve = LocalDateTime.parse("2026-12-31T20:00").atZone(SANTIAGO);
    assertThat(parser.parse("mañana", ES, newYearsEve).when().date())
        .contains(LocalDate.of(2027, 1, 1));
    assertThat(parser.parse("pasado mañana", ES, newYearsEve).when().date())
        .contains(LocalDate.of(2027, 1, 2));
    assertThat(parser.parse("el 5 de enero", ES, newYearsEve).when().date())
        .contains(LocalDate.of(2027, 1, 5));
    ZonedDateTime jan31 = LocalDateTime.parse("2026-01-31T10:00").atZone(SANTIAGO);
    assertThat(parser.parse("el 30", ES, jan31).when().date()).contains(LocalDate.of(2026, 3, 30));
  }

  /** Issue 14: a date or time that does not exist or has passed is reported, never replaced. */
  @ParameterizedTest(name = "{1}: {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-03-02T09:00 | 31 de febrero         | NO_SUCH_DATE",
        "2026-03-02T09:00 | 30 de febrero         | NO_SUCH_DATE",
        "2026-03-02T09:00 | el 31 de abril a las 10 | NO_SUCH_DATE",
        "2026-03-02T09:00 | February 30           | NO_SUCH_DATE",
        "2026-03-02T09:00 | the 30th of February  | NO_SUCH_DATE",
        "2027-02-10T09:00 | 29 de febrero         | NO_SUCH_DATE",
        "2027-02-10T09:00 | February 29th at 10am | NO_SUCH_DATE",
        "2026-03-02T09:00 | el 32                 | NO_SUCH_DATE",
        "2026-03-02T09:00 | el martes 45          | NO_SUCH_DATE",
        "2026-03-02T09:00 | 25:00                 | NO_SUCH_TIME",
        "2026-03-02T09:00 | a las 25:00           | NO_SUCH_TIME",
        "2026-03-02T09:00 | las 24:30             | NO_SUCH_TIME",
        "2026-03-02T09:00 | mañana a las 24:30    | NO_SUCH_TIME",
        "2026-03-02T09:00 | mañana a las 10:75    | NO_SUCH_TIME",
        "2026-03-02T09:00 | a las 25              | NO_SUCH_TIME",
        "2026-03-02T09:00 | 13 pm                 | NO_SUCH_TIME",
        "2026-03-02T09:00 | tomorrow at 0am       | NO_SUCH_TIME",
        "2026-03-02T09:00 | ayer a las 3          | PAST",
        "2026-03-02T09:00 | anteayer              | PAST",
        "2026-03-02T09:00 | yesterday at 3pm      | PAST",
        "2026-03-02T09:00 | hoy a las 8           | PAST",
        "2026-03-02T09:00 | today at 8:30 am      | PAST",
        "2026-03-02T09:00 | mover mi cita a ayer  | PAST"
      })
  void impossibleOrPastDatesAndTimesAreInvalid(String now, String text, WhenProblem problem) {
    Intent intent = parser.parse(text, ES, LocalDateTime.parse(now).atZone(SANTIAGO));
    assertThat(intent.kind()).isEqualTo(Kind.INVALID_WHEN);
    assertThat(intent.problem()).contains(problem);
    assertThat(intent.when()).isEqualTo(When.ANY);
  }

  /** The valid neighbours of the invalid ones still read as dates and times. */
  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "2028-02-10T09:00 | 29 de febrero    | 2028-02-29 | -",
        "2027-03-05T09:00 | 29 de febrero    | 2028-02-29 | -",
        "2027-02-10T09:00 | 28 de febrero    | 2027-02-28 | -",
        "2026-03-02T09:00 | 31 de marzo      | 2026-03-31 | -",
        "2026-03-02T09:00 | hoy a las 9      | 2026-03-02 | 09:00",
        "2026-03-02T09:00 | hoy a las 11     | 2026-03-02 | 11:00",
        "2026-03-02T09:00 | mañana a las 23:59 | 2026-03-03 | 23:59",
        "2026-03-02T09:00 | mañana a las 0:00 | 2026-03-03 | 00:00",
        "2026-03-02T09:00 | el 31            | 2026-03-31 | -"
      })
  void validNeighboursStillRead(String now, String text, String date, String time) {
    Intent intent = parser.parse(text, ES, LocalDateTime.parse(now).atZone(SANTIAGO));
    assertThat(intent.kind()).isEqualTo(Kind.BOOK);
    assertThat(intent.when().date()).contains(LocalDate.parse(date));
    assertThat(intent.when().time())
        .isEqualTo(time.equals("-") ? Optional.empty() : Optional.of(LocalTime.parse(time)));
  }
}
