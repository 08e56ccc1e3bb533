package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SlotWindows}: windows as instants, their grid capacity and their reuse. */
class SlotWindowsTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final LocalDate SPRING_FORWARD = LocalDate.of(2026, 9, 6);
  private static final LocalDate NEXT_DAY = SPRING_FORWARD.plusDays(1);

  private static ZoneTimeline timeline(LocalDate from, LocalDate to) {
    return ZoneTimeline.of(
        SANTIAGO, from.toEpochDay() * SlotEngine.DAY, (to.toEpochDay() + 2) * SlotEngine.DAY);
  }

  private static Schedule schedule(DateOverride... overrides) {
    Schedule.Builder b = Schedule.builder(SANTIAGO);
    for (DateOverride o : overrides) {
      b.override(o);
    }
    return b.build();
  }

  /**
   * On the night Santiago skips 00:00–01:00, a time in the gap moves forward by the gap:
   * 00:00–01:00 opens and closes at 01:00, and 00:30–01:00 would open at 01:30, after it closes.
   * Neither is open at all.
   */
  @ParameterizedTest
  @CsvSource({"00:00, 01:00", "00:30, 01:00"})
  void aWindowTheSkippedHourLeavesEmptyIsLeftOut(String start, String end) {
    Schedule schedule =
        schedule(
            DateOverride.of(SPRING_FORWARD, LocalTimeRange.of(start, end)),
            DateOverride.of(NEXT_DAY, LocalTimeRange.of("09:00", "10:00")));
    SlotWindows windows =
        SlotWindows.of(
            schedule, null, timeline(SPRING_FORWARD, NEXT_DAY), SPRING_FORWARD, NEXT_DAY);
    assertThat(windows.size).isEqualTo(1);
    assertThat(windows.localStart[0]).isEqualTo(NEXT_DAY.toEpochDay() * SlotEngine.DAY + 9 * 3600);
  }

  /** 00:30–02:00 that night opens at 01:30 (-03), the gap's length later, and closes at 02:00. */
  @Test
  void aWindowStartingInTheSkippedHourOpensTheGapsLengthLater() {
    Schedule schedule =
        schedule(DateOverride.of(SPRING_FORWARD, LocalTimeRange.of("00:30", "02:00")));
    SlotWindows windows =
        SlotWindows.of(
            schedule,
            null,
            timeline(SPRING_FORWARD, SPRING_FORWARD),
            SPRING_FORWARD,
            SPRING_FORWARD);
    assertThat(windows.size).isEqualTo(1);
    assertThat(windows.startInstant[0])
        .isEqualTo(Instant.parse("2026-09-06T04:30:00Z").getEpochSecond());
    assertThat(windows.endInstant[0])
        .isEqualTo(Instant.parse("2026-09-06T05:00:00Z").getEpochSecond());
  }

  @Test
  void theGridSizeIsEachWindowsStepsPlusTwo() {
    Schedule schedule =
        schedule(
            DateOverride.of(
                NEXT_DAY,
                LocalTimeRange.of("09:00", "10:00"),
                LocalTimeRange.of("14:00", "16:00")));
    SlotWindows windows =
        SlotWindows.of(schedule, null, timeline(NEXT_DAY, NEXT_DAY), NEXT_DAY, NEXT_DAY);
    assertThat(windows.gridSize(1800)).isEqualTo((2 + 2) + (4 + 2));
    assertThat(windows.gridSize(3600)).isEqualTo((1 + 2) + (2 + 2));
    assertThat(
            SlotWindows.of(schedule(), null, timeline(NEXT_DAY, NEXT_DAY), NEXT_DAY, NEXT_DAY)
                .gridSize(1800))
        .isZero();
  }

  @Test
  void theSameDatesReuseTheWindowsOtherDatesBuildNewOnes() {
    Schedule schedule = schedule(DateOverride.of(NEXT_DAY, LocalTimeRange.of("09:00", "10:00")));
    ZoneTimeline timeline = timeline(SPRING_FORWARD, NEXT_DAY.plusDays(1));
    SlotWindows first = SlotWindows.of(schedule, null, timeline, SPRING_FORWARD, NEXT_DAY);
    assertThat(SlotWindows.of(schedule, null, timeline, SPRING_FORWARD, NEXT_DAY)).isSameAs(first);
    SlotWindows later = SlotWindows.of(schedule, null, timeline, NEXT_DAY, NEXT_DAY);
    assertThat(later).isNotSameAs(first);
    assertThat(SlotWindows.of(schedule, null, timeline, NEXT_DAY, NEXT_DAY.plusDays(1)))
        .isNotSameAs(later);
  }
}
