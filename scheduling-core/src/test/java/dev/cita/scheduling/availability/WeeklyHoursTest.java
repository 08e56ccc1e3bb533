package dev.cita.scheduling.availability;

import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The value semantics of {@link WeeklyHours}. */
class WeeklyHoursTest {
  private static final LocalDate JAN_1 = LocalDate.of(2026, 1, 1);
  private static final LocalDate DEC_31 = LocalDate.of(2026, 12, 31);

  private static WeeklyHours hours(LocalDate from, LocalDate until) {
    return WeeklyHours.builder()
        .add(MONDAY, "09:00", "12:00")
        .validFrom(from)
        .validUntil(until)
        .build();
  }

  @Test
  void windowsAddedOutOfOrderComeBackSortedByStart() {
    WeeklyHours hours =
        WeeklyHours.builder()
            .add(MONDAY, "14:00", "18:00")
            .add(MONDAY, "22:00", "02:00")
            .add(MONDAY, "09:00", "12:00")
            .build();
    assertThat(hours.on(MONDAY))
        .containsExactly(
            LocalTimeRange.of("09:00", "12:00"),
            LocalTimeRange.of("14:00", "18:00"),
            LocalTimeRange.of("22:00", "02:00"));
  }

  @Test
  void equalValuesAreEqualAndEachFieldMatters() {
    WeeklyHours hours = hours(JAN_1, DEC_31);
    assertThat(hours)
        .isEqualTo(hours(JAN_1, DEC_31))
        .hasSameHashCodeAs(hours(JAN_1, DEC_31))
        .isNotEqualTo(hours(JAN_1.plusDays(1), DEC_31))
        .isNotEqualTo(hours(JAN_1, DEC_31.minusDays(1)))
        .isNotEqualTo(hours(null, DEC_31))
        .isNotEqualTo(hours(JAN_1, null))
        .isNotEqualTo(
            WeeklyHours.builder()
                .add(TUESDAY, "09:00", "12:00")
                .validFrom(JAN_1)
                .validUntil(DEC_31)
                .build())
        .isNotEqualTo("hours");
    // the order windows were added in does not matter
    assertThat(
            WeeklyHours.builder()
                .add(MONDAY, "14:00", "15:00")
                .add(MONDAY, "09:00", "10:00")
                .build())
        .isEqualTo(
            WeeklyHours.builder()
                .add(MONDAY, "09:00", "10:00")
                .add(MONDAY, "14:00", "15:00")
                .build());
    assertThat(hours.hashCode()).isNotEqualTo(hours(JAN_1, null).hashCode());
  }

  @Test
  void toStringShowsTheWindowsAndOnlyTheValidityGiven() {
    assertThat(hours(null, null)).hasToString("WeeklyHours{MONDAY=[09:00–12:00]}");
    assertThat(hours(JAN_1, null)).hasToString("WeeklyHours{MONDAY=[09:00–12:00]} from 2026-01-01");
    assertThat(hours(null, DEC_31))
        .hasToString("WeeklyHours{MONDAY=[09:00–12:00]} until 2026-12-31");
    assertThat(hours(JAN_1, DEC_31))
        .hasToString("WeeklyHours{MONDAY=[09:00–12:00]} from 2026-01-01 until 2026-12-31");
  }
}
