package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The value semantics of {@link TimeOff} and how it expands into busy seconds. */
class TimeOffTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant START = Instant.parse("2026-05-04T12:00:00Z");
  private static final Instant END = Instant.parse("2026-05-04T13:00:00Z");
  private static final LocalDateTime FIRST = LocalDateTime.parse("2026-05-04T13:00");

  /** Busy seconds of {@code off} over {@code [from, to)}, as {@code [start, end]} pairs. */
  private static List<List<Long>> expand(TimeOff off, ZoneId zone, long from, long to) {
    IntervalSet.Builder out = new IntervalSet.Builder(4);
    off.expandInto(out, zone, from, to);
    IntervalSet set = out.build();
    List<List<Long>> pairs = new ArrayList<>();
    for (int i = 0; i < set.size; i++) {
      pairs.add(List.of(set.starts[i], set.ends[i]));
    }
    return pairs;
  }

  private static long local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).toEpochSecond(ZoneOffset.UTC);
  }

  private static TimeOff daily(String rrule) {
    return TimeOff.recurring(FIRST, Duration.ofHours(1), rrule);
  }

  private static void assertRuleRefused(String rrule, String word) {
    assertThatThrownBy(() -> daily(rrule))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeOff.rrule"))
        .hasMessageContaining(word);
  }

  @Test
  void equalValuesAreEqualAndEachFieldMatters() {
    TimeOff span = TimeOff.between(START, END, "dentist");
    assertThat(span)
        .isEqualTo(TimeOff.between(START, END, "dentist"))
        .hasSameHashCodeAs(TimeOff.between(START, END, "dentist"))
        .isNotEqualTo(TimeOff.between(START.minusSeconds(1), END, "dentist"))
        .isNotEqualTo(TimeOff.between(START, END.plusSeconds(1), "dentist"))
        .isNotEqualTo(TimeOff.between(START, END, "vacation"))
        .isNotEqualTo(TimeOff.between(START, END))
        .isNotEqualTo("dentist");
    TimeOff lunch = TimeOff.recurring(FIRST, Duration.ofHours(1), "FREQ=DAILY", "lunch");
    assertThat(lunch)
        .isEqualTo(TimeOff.recurring(FIRST, Duration.ofHours(1), "FREQ=DAILY", "lunch"))
        .hasSameHashCodeAs(TimeOff.recurring(FIRST, Duration.ofHours(1), "FREQ=DAILY", "lunch"))
        .isEqualTo(TimeOff.recurring(FIRST, Duration.ofHours(1), "RRULE:FREQ=DAILY", "lunch"))
        .isNotEqualTo(
            TimeOff.recurring(FIRST.plusMinutes(1), Duration.ofHours(1), "FREQ=DAILY", "lunch"))
        .isNotEqualTo(TimeOff.recurring(FIRST, Duration.ofHours(2), "FREQ=DAILY", "lunch"))
        .isNotEqualTo(TimeOff.recurring(FIRST, Duration.ofHours(1), "FREQ=WEEKLY", "lunch"))
        .isNotEqualTo(TimeOff.recurring(FIRST, Duration.ofHours(1), "FREQ=DAILY", "break"))
        .isNotEqualTo(span);
    assertThat(TimeOff.between(START, END).hashCode())
        .isNotEqualTo(TimeOff.between(START, END.plusSeconds(1)).hashCode());
  }

  @Test
  void toStringShowsTheSpanOrTheRule() {
    assertThat(TimeOff.between(START, END))
        .hasToString("TimeOff[2026-05-04T12:00:00Z, 2026-05-04T13:00:00Z)");
    assertThat(daily("FREQ=DAILY")).hasToString("TimeOff{2026-05-04T13:00 for PT1H, FREQ=DAILY}");
  }

  @Test
  void oneBySecondValueIsAllowedTwoAreNot() {
    assertThat(daily("FREQ=MINUTELY;BYSECOND=30").isRecurring()).isTrue();
    assertRuleRefused("FREQ=MINUTELY;BYSECOND=0,30", "BYSECOND");
  }

  @Test
  void aRuleNamingACalendarScaleIsRefused() {
    assertRuleRefused("FREQ=YEARLY;RSCALE=GREGORIAN", "RSCALE");
  }

  @Test
  void aSpanBlocksOnlyQueriesItOverlapsEndsExclusive() {
    TimeOff off = TimeOff.between(START, END);
    long s = START.getEpochSecond();
    long e = END.getEpochSecond();
    assertThat(expand(off, SANTIAGO, e, e + 100)).isEmpty();
    assertThat(expand(off, SANTIAGO, s - 100, s)).isEmpty();
    assertThat(expand(off, SANTIAGO, e - 1, e + 100)).containsExactly(List.of(s, e));
    assertThat(expand(off, SANTIAGO, s - 100, s + 1)).containsExactly(List.of(s, e));
  }

  @Test
  void aRepeatedQueryReusesTheExpansionAndAWiderOneExpandsAgain() {
    TimeOff off = daily("FREQ=DAILY");
    long from = Instant.parse("2026-05-10T00:00:00Z").getEpochSecond();
    long to = from + 5 * 86_400;
    expand(off, SANTIAGO, from, to);
    TimeOff.Expansion first = off.lastExpansion().orElseThrow();
    expand(off, SANTIAGO, from, to);
    assertThat(off.lastExpansion()).containsSame(first);
    expand(off, SANTIAGO, from + 86_400, to - 86_400);
    assertThat(off.lastExpansion()).containsSame(first);
    expand(off, SANTIAGO, from - 1, to);
    assertThat(off.lastExpansion().orElseThrow()).isNotSameAs(first);
    TimeOff other = daily("FREQ=DAILY");
    expand(other, SANTIAGO, from, to);
    TimeOff.Expansion second = other.lastExpansion().orElseThrow();
    expand(other, SANTIAGO, from, to + 1);
    assertThat(other.lastExpansion().orElseThrow()).isNotSameAs(second);
  }

  @Test
  void anExpansionForAnotherZoneIsNotReused() {
    TimeOff off = daily("FREQ=DAILY");
    long from = Instant.parse("2026-05-10T00:00:00Z").getEpochSecond();
    long to = from + 86_400;
    // 13:00 in Santiago (-04 in May) is 17:00Z; in UTC it is 13:00Z
    assertThat(expand(off, SANTIAGO, from, to))
        .containsExactly(List.of(from + 17 * 3600L, from + 18 * 3600L));
    assertThat(expand(off, ZoneOffset.UTC, from, to))
        .containsExactly(List.of(from + 13 * 3600L, from + 14 * 3600L));
  }

  @Test
  void aNarrowerQueryOverACachedExpansionKeepsOnlyWhatItOverlaps() {
    TimeOff off = daily("FREQ=DAILY");
    long day = Instant.parse("2026-05-10T00:00:00Z").getEpochSecond();
    long s = day + 17 * 3600L; // 13:00 Santiago
    long e = s + 3600;
    expand(off, SANTIAGO, day - 86_400, day + 2 * 86_400);
    TimeOff.Expansion wide = off.lastExpansion().orElseThrow();
    assertThat(expand(off, SANTIAGO, e, e + 3600)).isEmpty();
    assertThat(expand(off, SANTIAGO, s - 3600, s)).isEmpty();
    assertThat(expand(off, SANTIAGO, e - 1, e + 3600)).containsExactly(List.of(s, e));
    assertThat(expand(off, SANTIAGO, s - 3600, s + 1)).containsExactly(List.of(s, e));
    assertThat(off.lastExpansion()).containsSame(wide);
  }

  /** The iteration skips what lies before the query's span instead of stepping through it. */
  @Test
  void theIterationStepsOnlyThroughTheQuerysSpan() {
    // weekdays at 13:00: the iteration may start up to a week before the span
    TimeOff off =
        TimeOff.recurring(
            LocalDateTime.parse("2026-01-05T13:00"),
            Duration.ofHours(1),
            "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
    // a query from Sunday 2026-05-10 00:00Z to Sunday 2026-05-17 00:00Z; its local span (a day of
    // slack each way, and the length) runs from Friday 05-08 23:00 to Monday 05-18 00:00
    long from = Instant.parse("2026-05-10T00:00:00Z").getEpochSecond();
    expand(off, SANTIAGO, from, from + 7 * 86_400);
    // the weekdays 05-11..05-15; the Friday 13:00 occurrence lies before the local span
    assertThat(off.lastExpansion().orElseThrow().steps()).isEqualTo(5);
  }

  /** An occurrence at the very end of the local span is not counted. */
  @Test
  void anOccurrenceAtTheEndOfTheLocalSpanIsNotStepped() {
    TimeOff off = daily("FREQ=DAILY");
    // localTo = to + one day = 2026-05-12T13:00, an occurrence
    long to = local("2026-05-11T13:00");
    long from = to - 86_400;
    expand(off, SANTIAGO, from, to);
    // local span [05-09 12:00, 05-12 13:00): 05-09, 05-10, 05-11 at 13:00
    assertThat(off.lastExpansion().orElseThrow().steps()).isEqualTo(3);
  }

  /** A query over which a rule repeats exactly the allowed number of times is served. */
  @Test
  void exactlyTheMostOccurrencesPerQueryIsAllowed() {
    TimeOff off =
        TimeOff.recurring(
            LocalDateTime.parse("2026-01-01T00:00"), Duration.ofMinutes(1), "FREQ=MINUTELY");
    long from = Instant.parse("2026-02-01T00:00:00Z").getEpochSecond();
    // local span: [from - 60 - one day, to + one day), one occurrence a minute
    long minutes = TimeOff.MAX_OCCURRENCES_PER_QUERY - 2 * 1440 - 1;
    long to = from + minutes * 60;
    expand(off, ZoneOffset.UTC, from, to);
    assertThat(off.lastExpansion().orElseThrow().steps())
        .isEqualTo(TimeOff.MAX_OCCURRENCES_PER_QUERY);
    assertThatThrownBy(() -> expand(off, ZoneOffset.UTC, from, to + 60))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("query"));
  }

  @Test
  void aCountRuleIsIteratedFromItsFirstStart() {
    TimeOff off = daily("FREQ=DAILY;COUNT=3");
    assertThat(off.iterationStart(FIRST.plusDays(30))).isEqualTo(FIRST);
    long from = local("2026-06-01T00:00");
    assertThat(expand(off, SANTIAGO, from, from + 86_400)).isEmpty();
  }

  @Test
  void aQueryBeforeTheFirstStartIteratesFromTheFirstStart() {
    TimeOff off = daily("FREQ=DAILY");
    assertThat(off.iterationStart(FIRST.minusDays(10).minusHours(12))).isEqualTo(FIRST);
    // nothing is blocked before the first occurrence
    long from = local("2026-04-20T00:00");
    assertThat(expand(off, SANTIAGO, from, from + 3 * 86_400)).isEmpty();
  }

  /** A yearly rule every three years keeps its years when the iteration skips 400-year cycles. */
  @Test
  void aYearlyRuleEveryThreeYearsKeepsItsYearsCenturiesLater() {
    TimeOff off =
        TimeOff.recurring(
            LocalDateTime.parse("2026-03-10T09:00"), Duration.ofHours(1), "FREQ=YEARLY;INTERVAL=3");
    // 150 years on is less than one 1,200-year cycle of this rule: no skip
    assertThat(off.iterationStart(LocalDateTime.parse("2176-01-01T00:00")))
        .isEqualTo(LocalDateTime.parse("2026-03-10T09:00"));
    // 2176 = 2026 + 50 * 3 has an occurrence; 2177 has none
    long in2176 = local("2176-03-10T00:00");
    assertThat(expand(off, ZoneOffset.UTC, in2176, in2176 + 86_400))
        .containsExactly(List.of(in2176 + 9 * 3600L, in2176 + 10 * 3600L));
    long in2177 = local("2177-03-10T00:00");
    assertThat(expand(off, ZoneOffset.UTC, in2177, in2177 + 86_400)).isEmpty();
  }
}
