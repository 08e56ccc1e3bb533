package dev.cita.scheduling.availability;

import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/** The value semantics of {@link Schedule}. */
class ScheduleTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final LocalDate CHRISTMAS = LocalDate.of(2026, 12, 25);
  private static final WeeklyHours NINE_TO_FIVE =
      WeeklyHours.builder().add(MONDAY, "09:00", "17:00").build();
  private static final TimeOff DENTIST =
      TimeOff.between(Instant.parse("2026-05-04T12:00:00Z"), Instant.parse("2026-05-04T13:00:00Z"));

  private static Schedule.Builder full() {
    return Schedule.builder(SANTIAGO)
        .weeklyHours(NINE_TO_FIVE)
        .override(DateOverride.closed(CHRISTMAS))
        .timeOff(DENTIST);
  }

  @Test
  void equalValuesAreEqualAndEachFieldMatters() {
    Schedule schedule = full().build();
    assertThat(schedule)
        .isEqualTo(full().build())
        .hasSameHashCodeAs(full().build())
        .isEqualTo(schedule.toBuilder().build())
        .isNotEqualTo(full().zone(ZoneId.of("UTC")).build())
        .isNotEqualTo(
            full().weeklyHours(WeeklyHours.builder().add(MONDAY, "18:00", "19:00").build()).build())
        .isNotEqualTo(full().override(DateOverride.closed(CHRISTMAS.plusDays(1))).build())
        .isNotEqualTo(full().timeOff(DENTIST).build())
        .isNotEqualTo("schedule");
    Schedule calcom = Schedule.builder(SANTIAGO).hoursFrom("calcom").build();
    assertThat(calcom)
        .isEqualTo(Schedule.builder(SANTIAGO).hoursFrom("calcom").build())
        .isNotEqualTo(Schedule.builder(SANTIAGO).hoursFrom("calendly").build())
        .isNotEqualTo(Schedule.builder(SANTIAGO).build());
    assertThat(schedule.hashCode()).isNotEqualTo(full().timeOff(DENTIST).build().hashCode());
  }

  @Test
  void hoursFromRefusesOverridesOfItsOwn() {
    assertThatThrownBy(
            () ->
                Schedule.builder(SANTIAGO)
                    .hoursFrom("calcom")
                    .override(DateOverride.closed(CHRISTMAS))
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("schedule.hoursFrom"));
    assertThatThrownBy(
            () -> Schedule.builder(SANTIAGO).hoursFrom("calcom").weeklyHours(NINE_TO_FIVE).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("schedule.hoursFrom"));
  }

  @Test
  void toStringShowsTheWeeklyHoursOrWhereTheHoursComeFrom() {
    assertThat(Schedule.builder(SANTIAGO).weeklyHours(NINE_TO_FIVE).build())
        .hasToString(
            "Schedule{America/Santiago, [WeeklyHours{MONDAY=[09:00–17:00]}], overrides=[],"
                + " timeOff=[]}");
    assertThat(Schedule.builder(SANTIAGO).hoursFrom("calcom").build())
        .hasToString("Schedule{America/Santiago, hours from calcom, overrides=[], timeOff=[]}");
  }
}
