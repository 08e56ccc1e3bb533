package dev.cita.scheduling.availability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TimeInterval;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link OpenWindowHours} in America/Santiago: -04 in winter, -03 in summer; on 2026-04-05 the
 * clock goes back from 00:00 to 23:00 of 04-04 (that hour repeats), and on 2026-09-06 it jumps from
 * 00:00 to 01:00 (midnight does not exist).
 */
class OpenWindowHoursTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final LocalDate MAY_4 = LocalDate.of(2026, 5, 4);

  private static Map<LocalDate, List<LocalTimeRange>> hours(String start, String end) {
    return OpenWindowHours.byDate(
        List.of(TimeInterval.of(Instant.parse(start), Instant.parse(end))), SANTIAGO);
  }

  private static List<LocalTimeRange> ranges(String... startEnd) {
    LocalTimeRange[] out = new LocalTimeRange[startEnd.length / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = LocalTimeRange.of(startEnd[2 * i], startEnd[2 * i + 1]);
    }
    return List.of(out);
  }

  @Test
  void aWindowEndingAtMidnightEndsAt2400OfItsDate() {
    assertThat(hours("2026-05-05T02:00:00Z", "2026-05-05T04:00:00Z"))
        .isEqualTo(Map.of(MAY_4, ranges("22:00", "24:00")));
  }

  @Test
  void aWindowEndingAtTheSecondMidnightAfterItsStartIsSplit() {
    assertThat(hours("2026-05-04T14:00:00Z", "2026-05-06T04:00:00Z"))
        .isEqualTo(
            Map.of(MAY_4, ranges("10:00", "24:00"), MAY_4.plusDays(1), ranges("00:00", "24:00")));
  }

  @Test
  void aWindowEndingTwoDatesLaterBeforeItsStartTimeIsSplit() {
    assertThat(hours("2026-05-04T14:00:00Z", "2026-05-06T13:00:00Z"))
        .isEqualTo(
            Map.of(
                MAY_4,
                ranges("10:00", "24:00"),
                MAY_4.plusDays(1),
                ranges("00:00", "24:00"),
                MAY_4.plusDays(2),
                ranges("00:00", "09:00")));
  }

  @Test
  void aWindowRunningOvernightKeepsItsEnd() {
    assertThat(hours("2026-05-05T02:00:00Z", "2026-05-05T06:00:00Z"))
        .isEqualTo(Map.of(MAY_4, ranges("22:00", "02:00")));
  }

  /** 23:30 (-04) on 04-04 is the second pass of 23:30: local hours would name the first. */
  @Test
  void aWindowStartingInTheRepeatedHoursSecondPassIsLeftOut() {
    assertThat(hours("2026-04-05T03:30:00Z", "2026-04-05T05:00:00Z")).isEmpty();
  }

  /** From 23:30 (-03) to 23:30 (-04): one hour that ends at the wall time it starts at. */
  @Test
  void aWindowEndingAtItsOwnWallTimeInTheRepeatedHourIsLeftOut() {
    assertThat(hours("2026-04-05T02:30:00Z", "2026-04-05T03:30:00Z")).isEmpty();
  }

  /** 04:00Z on 09-06 is 01:00 (-03), the first instant of that date: the window ends at 24:00. */
  @Test
  void aWindowEndingWhenTheSkippedMidnightIsLeftEndsAt2400() {
    assertThat(hours("2026-09-06T02:00:00Z", "2026-09-06T04:00:00Z"))
        .isEqualTo(Map.of(LocalDate.of(2026, 9, 5), ranges("22:00", "24:00")));
    assertThat(hours("2026-09-06T04:00:00Z", "2026-09-06T06:00:00Z"))
        .isEqualTo(Map.of(LocalDate.of(2026, 9, 6), ranges("01:00", "03:00")));
  }
}
