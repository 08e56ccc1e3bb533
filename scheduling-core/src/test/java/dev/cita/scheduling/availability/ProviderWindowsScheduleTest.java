package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.isoStarts;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeInterval;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Schedule#withOpenWindows}: a provider's open windows, given as instants, become hours the
 * slot engine reads back exactly, never wider, including on America/Santiago's DST days (the clock
 * jumps at midnight: 2026-04-05 00:00 -03 back to 04-04 23:00 -04; 2026-09-06 00:00 -04 on to 01:00
 * -03).
 */
class ProviderWindowsScheduleTest {
  private static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  private static final Instant LONG_AGO = utc("2026-01-01T00:00:00Z");
  private final SlotEngine engine = SlotEngine.create();

  private static AppointmentType type(int minutes) {
    return AppointmentType.builder("t", "Type", Duration.ofMinutes(minutes))
        .horizon(Duration.ofDays(3650))
        .build();
  }

  private static Schedule providerHours() {
    return Schedule.builder(SANTIAGO).hoursFrom("calcom").build();
  }

  /**
   * One window per slot of {@code minutes}, every {@code minutes} of elapsed time from {@code
   * first}.
   */
  private static List<TimeInterval> slotsFrom(String first, int count, int minutes) {
    List<TimeInterval> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          TimeInterval.of(
              utc(first).plus(Duration.ofMinutes((long) i * minutes)),
              Duration.ofMinutes(minutes)));
    }
    return out;
  }

  private List<String> slots(Schedule schedule, AppointmentType type, String from, String to) {
    return isoStarts(
        engine.slots(
            ResourceAvailability.of(ANA, schedule, List.of()),
            type,
            LocalDate.parse(from),
            LocalDate.parse(to),
            LONG_AGO));
  }

  @Test
  void theEngineOffersExactlyTheProvidersStartsOnAnOrdinaryDay() {
    // Tuesday 3 March 2026 (UTC-3): 09:00, 09:30 and 15:00 local.
    List<TimeInterval> windows = new ArrayList<>(slotsFrom("2026-03-03T12:00:00Z", 2, 30));
    windows.add(TimeInterval.of(utc("2026-03-03T18:00:00Z"), Duration.ofMinutes(30)));

    Schedule schedule = providerHours().withOpenWindows(windows);

    assertThat(slots(schedule, type(30), "2026-03-02", "2026-03-06"))
        .containsExactly("2026-03-03T12:00:00Z", "2026-03-03T12:30:00Z", "2026-03-03T18:00:00Z");
    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-03")))
        .containsExactly(
            LocalTimeRange.of("09:00", "09:30"),
            LocalTimeRange.of("09:30", "10:00"),
            LocalTimeRange.of("15:00", "15:30"));
    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-04")))
        .as("dates without windows are closed")
        .isEmpty();
    assertThat(schedule.hoursFrom()).as("the derived schedule is an ordinary one").isEmpty();
  }

  @Test
  void aWindowEndingAtMidnightAndOneRunningOvernightKeepTheirEnds() {
    Schedule schedule =
        providerHours()
            .withOpenWindows(
                List.of(
                    TimeInterval.of(
                        utc("2026-03-04T02:30:00Z"),
                        utc("2026-03-04T03:00:00Z")), // Tue 23:30–24:00
                    TimeInterval.of(
                        utc("2026-03-05T02:30:00Z"),
                        utc("2026-03-05T03:30:00Z")))); // Wed 23:30–Thu 00:30

    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-03")))
        .containsExactly(LocalTimeRange.of("23:30", "24:00"));
    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-04")))
        .containsExactly(LocalTimeRange.of("23:30", "00:30"));
    assertThat(slots(schedule, type(30), "2026-03-03", "2026-03-04"))
        .containsExactly("2026-03-04T02:30:00Z", "2026-03-05T02:30:00Z", "2026-03-05T03:00:00Z");
    assertThat(slots(schedule, type(60), "2026-03-03", "2026-03-04"))
        .containsExactly("2026-03-05T02:30:00Z");
  }

  @Test
  void aWindowOfSeveralDaysIsSplitAtLocalMidnights() {
    Schedule schedule =
        providerHours()
            .withOpenWindows(
                List.of(
                    TimeInterval.of(
                        utc("2026-03-02T13:00:00Z"),
                        utc("2026-03-04T13:00:00Z")))); // Mon 10:00 to Wed 10:00

    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-02")))
        .containsExactly(LocalTimeRange.of("10:00", "24:00"));
    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-03")))
        .containsExactly(LocalTimeRange.of("00:00", "24:00"));
    assertThat(schedule.hoursOn(LocalDate.parse("2026-03-04")))
        .containsExactly(LocalTimeRange.of("00:00", "10:00"));
  }

  @Test
  void onTheNightTheClockJumpsForwardEverySlotIsKept() {
    // Sat 5 Sep 23:00 and 23:30 (-04), then Sun 6 Sep 01:00 and 01:30 (-03): 30 minutes apart in
    // real time.
    List<TimeInterval> windows = slotsFrom("2026-09-06T03:00:00Z", 4, 30);

    Schedule schedule = providerHours().withOpenWindows(windows);

    assertThat(slots(schedule, type(30), "2026-09-04", "2026-09-07"))
        .containsExactly(
            "2026-09-06T03:00:00Z",
            "2026-09-06T03:30:00Z",
            "2026-09-06T04:00:00Z",
            "2026-09-06T04:30:00Z");
    assertThat(schedule.hoursOn(LocalDate.parse("2026-09-05")))
        .as("an end at Sunday's first instant (01:00, the gap skips midnight) is 24:00")
        .containsExactly(LocalTimeRange.of("23:00", "23:30"), LocalTimeRange.of("23:30", "24:00"));
  }

  @Test
  void onTheNightTheClockJumpsBackNoSlotIsOfferedThatTheProviderDidNotOffer() {
    // Sat 4 Apr 22:00 to Sun 5 Apr 01:00 local, every 30 minutes of real time: 23:00 and 23:30
    // happen twice.
    List<TimeInterval> windows = slotsFrom("2026-04-05T01:00:00Z", 8, 30);
    List<String> provider = windows.stream().map(w -> w.start().toString()).toList();

    Schedule schedule = providerHours().withOpenWindows(windows);
    List<String> offered = slots(schedule, type(30), "2026-04-03", "2026-04-06");

    assertThat(provider).containsAll(offered);
    // Kept: 22:00, 22:30, 23:00 (first pass), 00:00 and 00:30. Left out: the second pass of 23:00
    // and
    // 23:30, which local hours cannot name, and 23:30 (first pass), whose end is the second 23:00.
    assertThat(offered)
        .containsExactly(
            "2026-04-05T01:00:00Z",
            "2026-04-05T01:30:00Z",
            "2026-04-05T02:00:00Z",
            "2026-04-05T04:00:00Z",
            "2026-04-05T04:30:00Z");
  }

  @Test
  void aWindowOverTheRepeatedHourEndsAtItsFirstPassNeverLater() {
    // Sat 4 Apr 22:00 (-03) to 23:30 (-04): two and a half hours of real time.
    Schedule schedule =
        providerHours()
            .withOpenWindows(
                List.of(TimeInterval.of(utc("2026-04-05T01:00:00Z"), utc("2026-04-05T03:30:00Z"))));

    assertThat(slots(schedule, type(30), "2026-04-04", "2026-04-04"))
        .containsExactly("2026-04-05T01:00:00Z", "2026-04-05T01:30:00Z", "2026-04-05T02:00:00Z");
  }

  @Test
  void timeOffStillAppliesInsideTheProvidersWindows() {
    Schedule withTimeOff =
        Schedule.builder(SANTIAGO)
            .hoursFrom("calcom")
            .timeOff(
                TimeOff.between(
                    utc("2026-03-03T12:30:00Z"), utc("2026-03-03T13:00:00Z"), "dentist"))
            .build();

    Schedule schedule = withTimeOff.withOpenWindows(slotsFrom("2026-03-03T12:00:00Z", 3, 30));

    assertThat(slots(schedule, type(30), "2026-03-03", "2026-03-03"))
        .containsExactly("2026-03-03T12:00:00Z", "2026-03-03T13:00:00Z");
  }

  @Test
  void hoursFromIsAValueAndExcludesTheSchedulesOwnHours() {
    Schedule a = providerHours();

    assertThat(a)
        .isEqualTo(providerHours())
        .isNotEqualTo(Schedule.builder(SANTIAGO).hoursFrom("calendly").build())
        .isNotEqualTo(Schedule.builder(SANTIAGO).build());
    assertThat(a.toBuilder().build().hoursFrom()).contains("calcom");
    assertThat(a.toString()).contains("hours from calcom");
    assertThatThrownBy(
            () ->
                Schedule.builder(SANTIAGO)
                    .hoursFrom("calcom")
                    .weeklyHours(
                        WeeklyHours.builder()
                            .add(EnumSet.of(DayOfWeek.MONDAY), "09:00", "13:00")
                            .build())
                    .build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("schedule.hoursFrom");
    assertThatThrownBy(() -> Schedule.builder(SANTIAGO).hoursFrom("cal com"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("schedule.hoursFrom");
  }
}
