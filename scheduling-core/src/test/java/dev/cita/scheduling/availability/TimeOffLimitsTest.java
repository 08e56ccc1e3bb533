package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.dmfs.rfc5545.DateTime;
import org.dmfs.rfc5545.recur.RecurrenceRule;
import org.dmfs.rfc5545.recur.RecurrenceRuleIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 14, "recurring time off silently stops blocking after 100,000 occurrences, and a SECONDLY
 * rule or a first start decades back costs 4–12 s per query": bounded rules, expanded from the
 * query's span.
 */
class TimeOffLimitsTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant LONG_AGO = utc("2020-01-01T00:00:00Z");
  private static final AppointmentType HALF_HOUR =
      AppointmentType.builder("t", "T", Duration.ofMinutes(30))
          .horizon(AppointmentType.MAX_HORIZON)
          .build();
  private final SlotEngine engine = SlotEngine.create();

  private static Schedule nineToTen(TimeOff off) {
    return Schedule.builder(SANTIAGO)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "09:00", "10:00").build())
        .timeOff(off)
        .build();
  }

  private List<TimeSlot> slots(Schedule schedule, LocalDate from, LocalDate to) {
    return engine.slots(
        ResourceAvailability.of(ANA, schedule, List.of()), HALF_HOUR, from, to, LONG_AGO);
  }

  private static void assertRefused(String rrule, String... words) {
    assertThatThrownBy(
            () ->
                TimeOff.recurring(
                    LocalDateTime.parse("2026-05-04T09:00"), Duration.ofMinutes(1), rrule))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("timeOff.rrule");
              assertThat(e.getMessage()).contains(words);
            });
  }

  /** Issue 14: an every-minute rule blocked nothing past ~70 days (100,000 occurrences). */
  @Test
  void anEveryMinuteRuleStillBlocksOnDay80() {
    LocalDate first = LocalDate.of(2026, 5, 4);
    Schedule schedule =
        nineToTen(TimeOff.recurring(first.atStartOfDay(), Duration.ofMinutes(1), "FREQ=MINUTELY"));
    assertThat(slots(schedule, first, first.plusDays(80))).isEmpty();
    assertThat(slots(schedule, first.plusDays(80), first.plusDays(80))).isEmpty();
    // the rule is what blocks: without it, every day has its two slots
    assertThat(
            slots(
                nineToTen(
                    TimeOff.between(utc("2000-01-01T00:00:00Z"), utc("2000-01-02T00:00:00Z"))),
                first,
                first.plusDays(80)))
        .hasSize(162);
  }

  /** Issue 14: a first start decades back is expanded from the query's span, not from 1970. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1970-01-01T00:00|FREQ=MINUTELY;INTERVAL=7|420",
        "1970-01-01T09:10|FREQ=MINUTELY|60",
        "1970-01-01T09:10|FREQ=HOURLY;INTERVAL=5|18000",
        "1970-01-01T09:15|FREQ=DAILY;BYHOUR=9,13;BYMINUTE=0,30|86400",
        "1970-01-06T09:00|FREQ=WEEKLY;INTERVAL=3;BYDAY=TU,SA|1814400"
      })
  void aRuleStartingIn1970IsExpandedFromTheQuerySpan(
      String firstStart, String rrule, long periodSeconds) throws Exception {
    TimeOff off = TimeOff.recurring(LocalDateTime.parse(firstStart), Duration.ofMinutes(20), rrule);
    LocalDate day = LocalDate.of(2026, 5, 4);
    slots(nineToTen(off), day, day.plusDays(20));
    TimeOff.Expansion expansion = off.lastExpansion().orElseThrow();
    // the iteration started less than one period of the rule before the span the query needs
    LocalDateTime spanStart =
        LocalDateTime.ofEpochSecond(expansion.from(), 0, ZoneOffset.UTC).minusDays(2);
    assertThat(expansion.iterationStart())
        .isBefore(spanStart.plusDays(1))
        .isAfter(spanStart.minusSeconds(periodSeconds + 86_400));
    // and it stepped through the occurrences of the query's days (and a few around), not of 56
    // years
    assertThat(expansion.steps())
        .isLessThan((int) (40 * 86_400 / Math.min(periodSeconds, 86_400) * 4 + 10));
    // the result is the one lib-recur gives iterating from the first start
    assertThat(blocks(expansion)).isNotEmpty().isEqualTo(fromTheFirstStart(off, expansion));
  }

  @Test
  void aMonthlyRuleFromCenturiesAgoSkipsWhole400YearCycles() throws Exception {
    TimeOff off =
        TimeOff.recurring(
            LocalDateTime.parse("1201-03-13T09:00"),
            Duration.ofHours(1),
            "FREQ=MONTHLY;INTERVAL=2;BYDAY=2WE,-1FR");
    LocalDate day = LocalDate.of(2026, 5, 1);
    slots(nineToTen(off), day, day.plusDays(60));
    TimeOff.Expansion expansion = off.lastExpansion().orElseThrow();
    assertThat(expansion.iterationStart()).isEqualTo(LocalDateTime.parse("2001-03-13T09:00"));
    assertThat(blocks(expansion)).isNotEmpty().isEqualTo(fromTheFirstStart(off, expansion));
  }

  /** A COUNT is counted from the first start; the bound on COUNT keeps that cheap. */
  @Test
  void countRulesAreCountedFromTheFirstStart() {
    TimeOff off =
        TimeOff.recurring(
            LocalDateTime.parse("2026-05-01T09:00"), Duration.ofMinutes(30), "FREQ=DAILY;COUNT=5");
    LocalDate first = LocalDate.of(2026, 5, 4);
    Schedule schedule = nineToTen(off);
    // occurrences 4 and 5 are on 05-04 and 05-05; none after
    assertThat(slots(schedule, first, first.plusDays(2)))
        .extracting(s -> s.start().toString())
        .containsExactly(
            "2026-05-04T13:30:00Z",
            "2026-05-05T13:30:00Z",
            "2026-05-06T13:00:00Z",
            "2026-05-06T13:30:00Z");
    assertThat(off.lastExpansion().orElseThrow().iterationStart())
        .isEqualTo(LocalDateTime.parse("2026-05-01T09:00"));
    assertThat(
            TimeOff.recurring(
                LocalDateTime.parse("2026-05-01T09:00"),
                Duration.ofMinutes(30),
                "FREQ=MINUTELY;COUNT=" + TimeOff.MAX_COUNT))
        .isNotNull();
    assertRefused("FREQ=MINUTELY;COUNT=" + (TimeOff.MAX_COUNT + 1), "COUNT", "UNTIL");
  }

  /**
   * Issue 14: a SECONDLY rule cost seconds per query and blocked only its first 100,000 seconds.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "FREQ=SECONDLY",
        "FREQ=SECONDLY;INTERVAL=60",
        "FREQ=MINUTELY;BYSECOND=0,30",
        "FREQ=HOURLY;BYSECOND=0,1,2"
      })
  void rulesRepeatingMoreThanOnceAMinuteAreRefused(String rrule) {
    assertRefused(rrule, "once a minute");
  }

  @Test
  void aRuleLibRecurCannotIterateIsRefusedAtConstruction() {
    assertRefused("FREQ=MINUTELY;BYDAY=MO", "cannot be expanded");
  }

  /** A rule that only fails to iterate later is refused when a query reaches it, by field. */
  @Test
  void aRuleThatFailsToIterateLaterIsRefusedAtQueryTime() {
    TimeOff january =
        TimeOff.recurring(
            LocalDateTime.parse("2026-01-01T00:00"),
            Duration.ofMinutes(1),
            "FREQ=MINUTELY;BYMONTH=1");
    assertThatThrownBy(
            () -> slots(nineToTen(january), LocalDate.of(2026, 2, 10), LocalDate.of(2026, 2, 11)))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeOff.rrule"));
  }

  /** Past the bound the query is refused, never answered with only part of the time off. */
  @Test
  void aQueryOverWhichARuleRepeatsTooOftenIsRefused() {
    LocalDate first = LocalDate.of(2026, 5, 4);
    Schedule schedule =
        nineToTen(TimeOff.recurring(first.atStartOfDay(), Duration.ofMinutes(1), "FREQ=MINUTELY"));
    assertThatThrownBy(() -> slots(schedule, first, first.plusDays(150)))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> {
              assertThat(e.field()).isEqualTo("query");
              assertThat(e.getMessage())
                  .contains(String.valueOf(TimeOff.MAX_OCCURRENCES_PER_QUERY), "narrow");
            });
  }

  // ---- helpers -------------------------------------------------------------------------------

  private static List<String> blocks(TimeOff.Expansion e) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < e.starts().length; i++) {
      out.add(Instant.ofEpochSecond(e.starts()[i]) + "/" + Instant.ofEpochSecond(e.ends()[i]));
    }
    return out;
  }

  /** The same span expanded by lib-recur from the rule's first start (its own fast-forward). */
  private static List<String> fromTheFirstStart(TimeOff off, TimeOff.Expansion e) throws Exception {
    LocalDateTime first = off.firstStart().orElseThrow();
    RecurrenceRuleIterator it =
        new RecurrenceRule(off.rrule().orElseThrow())
            .iterator(
                new DateTime(
                    first.getYear(),
                    first.getMonthValue() - 1,
                    first.getDayOfMonth(),
                    first.getHour(),
                    first.getMinute(),
                    0));
    LocalDateTime from = LocalDateTime.ofEpochSecond(e.from(), 0, ZoneOffset.UTC).minusDays(2);
    it.fastForward(
        new DateTime(from.getYear(), from.getMonthValue() - 1, from.getDayOfMonth(), 0, 0, 0));
    List<long[]> raw = new ArrayList<>();
    while (it.hasNext()) {
      DateTime d = it.nextDateTime();
      LocalDateTime local =
          LocalDateTime.of(
              d.getYear(),
              d.getMonth() + 1,
              d.getDayOfMonth(),
              d.getHours(),
              d.getMinutes(),
              d.getSeconds());
      long s = NaiveSlotEngine.earliest(local, e.zone()).getEpochSecond();
      if (s >= e.to()) {
        break;
      }
      long end = s + off.duration().orElseThrow().getSeconds();
      if (end > e.from()) {
        raw.add(new long[] {s, end});
      }
    }
    IntervalSet.Builder b = new IntervalSet.Builder(raw.size() + 1);
    raw.forEach(r -> b.add(r[0], r[1]));
    IntervalSet set = b.build();
    return blocks(
        new TimeOff.Expansion(
            e.zone(),
            e.from(),
            e.to(),
            java.util.Arrays.copyOf(set.starts, set.size),
            java.util.Arrays.copyOf(set.ends, set.size),
            first,
            0));
  }
}
