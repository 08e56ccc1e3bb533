package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.booked;
import static dev.cita.scheduling.availability.SlotFixtures.isoStarts;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.TimeSlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneOffsetTransition;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Exact slot instants around the 2026 DST changes of zones that change at midnight (Santiago,
 * Havana), at 02:00 (New York), at 01:00 UTC (London), by thirty minutes (Lord Howe), and of zones
 * with odd or negative offsets and no DST (Kathmandu, Honolulu). Every expected instant was worked
 * out by hand from the zone's offsets and is written out literally; {@link
 * #theTransitionsAreWhereTheTableSays} pins the tz data the table was computed from.
 */
class DstSlotTableTest {
  private static final Instant LONG_AGO = utc("2026-01-01T00:00:00Z");
  private static final String SANTIAGO = "America/Santiago";
  private static final String NEW_YORK = "America/New_York";
  private static final String LONDON = "Europe/London";
  private static final String LORD_HOWE = "Australia/Lord_Howe";
  private static final String KATHMANDU = "Asia/Kathmandu";
  private static final String HONOLULU = "Pacific/Honolulu";
  private static final String HAVANA = "America/Havana";

  private final SlotEngine engine = SlotEngine.create();

  private static Schedule everyDay(String zone, String from, String to) {
    return Schedule.builder(zone)
        .weeklyHours(WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), from, to).build())
        .build();
  }

  private static AppointmentType type(int minutes, int step) {
    return AppointmentType.builder("t", "Type", Duration.ofMinutes(minutes))
        .step(Duration.ofMinutes(step))
        .horizon(Duration.ofDays(3650))
        .build();
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
  void theTransitionsAreWhereTheTableSays() {
    assertTransition(SANTIAGO, "2026-04-05T03:00:00Z", "2026-04-05T00:00", "2026-04-04T23:00");
    assertTransition(SANTIAGO, "2026-09-06T04:00:00Z", "2026-09-06T00:00", "2026-09-06T01:00");
    assertTransition(NEW_YORK, "2026-03-08T07:00:00Z", "2026-03-08T02:00", "2026-03-08T03:00");
    assertTransition(NEW_YORK, "2026-11-01T06:00:00Z", "2026-11-01T02:00", "2026-11-01T01:00");
    assertTransition(LONDON, "2026-03-29T01:00:00Z", "2026-03-29T01:00", "2026-03-29T02:00");
    assertTransition(LONDON, "2026-10-25T01:00:00Z", "2026-10-25T02:00", "2026-10-25T01:00");
    assertTransition(HAVANA, "2026-11-01T05:00:00Z", "2026-11-01T01:00", "2026-11-01T00:00");
    assertTransition(LORD_HOWE, "2026-04-04T15:00:00Z", "2026-04-05T02:00", "2026-04-05T01:30");
    assertTransition(LORD_HOWE, "2026-10-03T15:30:00Z", "2026-10-04T02:00", "2026-10-04T02:30");
    assertThat(ZoneId.of(KATHMANDU).getRules().nextTransition(utc("2026-01-01T00:00:00Z")))
        .isNull();
    assertThat(ZoneId.of(HONOLULU).getRules().nextTransition(utc("2026-01-01T00:00:00Z"))).isNull();
  }

  private static void assertTransition(String zone, String instant, String before, String after) {
    ZoneOffsetTransition t =
        ZoneId.of(zone).getRules().nextTransition(utc(instant).minusSeconds(1));
    assertThat(t.getInstant()).isEqualTo(utc(instant));
    assertThat(t.getDateTimeBefore()).isEqualTo(LocalDateTime.parse(before));
    assertThat(t.getDateTimeAfter()).isEqualTo(LocalDateTime.parse(after));
  }

  // ---- the table -----------------------------------------------------------------------------

  static Stream<Arguments> table() {
    return Stream.of(
        // Santiago, 2026-09-06: midnight does not exist (00:00 -04 -> 01:00 -03).
        row(
            "Santiago, day before the gap",
            SANTIAGO,
            "2026-09-05",
            "00:00",
            "09:00",
            60,
            60,
            "2026-09-05T04:00:00Z",
            "2026-09-05T05:00:00Z",
            "2026-09-05T06:00:00Z",
            "2026-09-05T07:00:00Z",
            "2026-09-05T08:00:00Z",
            "2026-09-05T09:00:00Z",
            "2026-09-05T10:00:00Z",
            "2026-09-05T11:00:00Z",
            "2026-09-05T12:00:00Z"),
        row(
            "Santiago, 00:00–09:00 opens at 01:00",
            SANTIAGO,
            "2026-09-06",
            "00:00",
            "09:00",
            60,
            60,
            "2026-09-06T04:00:00Z",
            "2026-09-06T05:00:00Z",
            "2026-09-06T06:00:00Z",
            "2026-09-06T07:00:00Z",
            "2026-09-06T08:00:00Z",
            "2026-09-06T09:00:00Z",
            "2026-09-06T10:00:00Z",
            "2026-09-06T11:00:00Z"),
        row(
            "Santiago, 00:00 and 00:30 skipped",
            SANTIAGO,
            "2026-09-06",
            "00:00",
            "02:00",
            30,
            30,
            "2026-09-06T04:00:00Z",
            "2026-09-06T04:30:00Z"),
        // Santiago, 2026-04-05 00:00 -03 -> 2026-04-04 23:00 -04: 23:00–24:00 happens twice.
        row(
            "Santiago, 22:00–24:00 over the repeated hour",
            SANTIAGO,
            "2026-04-04",
            "22:00",
            "24:00",
            30,
            30,
            "2026-04-05T01:00:00Z",
            "2026-04-05T01:30:00Z", // 22:00, 22:30 -03
            "2026-04-05T02:00:00Z",
            "2026-04-05T02:30:00Z"), // 23:00, 23:30 at the earlier -03
        row(
            "Santiago, overnight 22:00–02:00 over the repeated hour",
            SANTIAGO,
            "2026-04-04",
            "22:00",
            "02:00",
            60,
            60,
            "2026-04-05T01:00:00Z",
            "2026-04-05T02:00:00Z", // 22:00, 23:00 -03
            "2026-04-05T04:00:00Z",
            "2026-04-05T05:00:00Z"), // 00:00, 01:00 -04 (next date)
        // Issue 14, "a window that ends inside a repeated hour": an ambiguous end takes the earlier
        // offset, like a start. A window ending at 23:00 closes at the first 23:00 (-03, 02:00Z),
        // one ending at 23:30 at the first 23:30 (02:30Z): no slot shows 23:00 (23:30) or later.
        row(
            "Santiago, 20:00–23:00 closes at the first 23:00",
            SANTIAGO,
            "2026-04-04",
            "20:00",
            "23:00",
            30,
            30,
            "2026-04-04T23:00:00Z",
            "2026-04-04T23:30:00Z",
            "2026-04-05T00:00:00Z",
            "2026-04-05T00:30:00Z",
            "2026-04-05T01:00:00Z",
            "2026-04-05T01:30:00Z"),
        row(
            "Santiago, 20:00–23:30 closes at the first 23:30",
            SANTIAGO,
            "2026-04-04",
            "20:00",
            "23:30",
            30,
            30,
            "2026-04-04T23:00:00Z",
            "2026-04-04T23:30:00Z",
            "2026-04-05T00:00:00Z",
            "2026-04-05T00:30:00Z",
            "2026-04-05T01:00:00Z",
            "2026-04-05T01:30:00Z",
            "2026-04-05T02:00:00Z"),
        row(
            "Santiago, 90 minutes may span the change",
            SANTIAGO,
            "2026-04-04",
            "22:00",
            "02:00",
            90,
            60,
            "2026-04-05T01:00:00Z",
            "2026-04-05T02:00:00Z",
            "2026-04-05T04:00:00Z"),
        // New York, 2026-03-08: 02:00 EST -> 03:00 EDT.
        row(
            "New York, 02:00 and 02:30 skipped",
            NEW_YORK,
            "2026-03-08",
            "00:00",
            "05:00",
            30,
            30,
            "2026-03-08T05:00:00Z",
            "2026-03-08T05:30:00Z",
            "2026-03-08T06:00:00Z",
            "2026-03-08T06:30:00Z",
            "2026-03-08T07:00:00Z",
            "2026-03-08T07:30:00Z",
            "2026-03-08T08:00:00Z",
            "2026-03-08T08:30:00Z"),
        row(
            "New York, a 45-minute grid skips 02:15 and keeps 03:00",
            NEW_YORK,
            "2026-03-08",
            "00:00",
            "05:00",
            45,
            45,
            "2026-03-08T05:00:00Z",
            "2026-03-08T05:45:00Z",
            "2026-03-08T06:30:00Z", // 00:00–01:30 EST
            "2026-03-08T07:00:00Z",
            "2026-03-08T07:45:00Z"), // 03:00, 03:45 EDT; 04:30 would not fit
        row(
            "New York, an hour from 01:00 EST ends at 03:00 EDT",
            NEW_YORK,
            "2026-03-08",
            "00:00",
            "05:00",
            60,
            60,
            "2026-03-08T05:00:00Z",
            "2026-03-08T06:00:00Z",
            "2026-03-08T07:00:00Z",
            "2026-03-08T08:00:00Z"),
        row(
            "New York, an end in the gap moves forward by the gap",
            NEW_YORK,
            "2026-03-08",
            "00:00",
            "02:30",
            30,
            30,
            // the window closes at 02:30 EST = 03:30 EDT, so 03:00 EDT still fits
            "2026-03-08T05:00:00Z",
            "2026-03-08T05:30:00Z",
            "2026-03-08T06:00:00Z",
            "2026-03-08T06:30:00Z",
            "2026-03-08T07:00:00Z"),
        // New York, 2026-11-01: 02:00 EDT -> 01:00 EST, 01:00–02:00 happens twice.
        row(
            "New York, the repeated hour at its earlier offset only",
            NEW_YORK,
            "2026-11-01",
            "00:00",
            "03:00",
            30,
            30,
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:30:00Z", // 00:00, 00:30 EDT
            "2026-11-01T05:00:00Z",
            "2026-11-01T05:30:00Z", // 01:00, 01:30 EDT (not EST)
            "2026-11-01T07:00:00Z",
            "2026-11-01T07:30:00Z"), // 02:00, 02:30 EST
        // Issue 14: ends exactly at, inside and after the repeated hour (earlier offset, EDT).
        row(
            "New York, Saturday 20:00–01:00 closes at 01:00 EDT",
            NEW_YORK,
            "2026-10-31",
            "20:00",
            "01:00",
            30,
            30,
            "2026-11-01T00:00:00Z",
            "2026-11-01T00:30:00Z",
            "2026-11-01T01:00:00Z",
            "2026-11-01T01:30:00Z",
            "2026-11-01T02:00:00Z",
            "2026-11-01T02:30:00Z",
            "2026-11-01T03:00:00Z",
            "2026-11-01T03:30:00Z", // 20:00–23:30 EDT
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:30:00Z"), // 00:00, 00:30 EDT; not 01:00, 01:30 EDT
        row(
            "New York, an end inside the repeated hour closes at 01:30 EDT",
            NEW_YORK,
            "2026-11-01",
            "00:00",
            "01:30",
            30,
            30,
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:30:00Z",
            "2026-11-01T05:00:00Z"),
        row(
            "New York, an end after the repeated hour keeps it at EDT only",
            NEW_YORK,
            "2026-11-01",
            "00:00",
            "02:00",
            30,
            30,
            // closes at 02:00 EST (07:00Z): the second pass of 01:00–01:59 lies inside, off the
            // grid
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:30:00Z",
            "2026-11-01T05:00:00Z",
            "2026-11-01T05:30:00Z"),
        // Havana, 2026-11-01: 01:00 CDT (-04) -> 00:00 CST (-05), 00:00–01:00 Sunday happens twice.
        row(
            "Havana, Saturday 18:00–24:00 closes at the first midnight",
            HAVANA,
            "2026-10-31",
            "18:00",
            "24:00",
            30,
            30,
            "2026-10-31T22:00:00Z",
            "2026-10-31T22:30:00Z",
            "2026-10-31T23:00:00Z",
            "2026-10-31T23:30:00Z",
            "2026-11-01T00:00:00Z",
            "2026-11-01T00:30:00Z",
            "2026-11-01T01:00:00Z",
            "2026-11-01T01:30:00Z",
            "2026-11-01T02:00:00Z",
            "2026-11-01T02:30:00Z",
            "2026-11-01T03:00:00Z",
            "2026-11-01T03:30:00Z"), // not 00:00 CDT
        row(
            "Havana, Saturday 22:00–00:30 closes at 00:30 CDT",
            HAVANA,
            "2026-10-31",
            "22:00",
            "00:30",
            30,
            30,
            "2026-11-01T02:00:00Z",
            "2026-11-01T02:30:00Z",
            "2026-11-01T03:00:00Z",
            "2026-11-01T03:30:00Z",
            "2026-11-01T04:00:00Z"),
        row(
            "Havana, Saturday 22:00–01:00 ends after the repeated hour",
            HAVANA,
            "2026-10-31",
            "22:00",
            "01:00",
            30,
            30,
            // closes at 01:00 CST (06:00Z); 00:00 and 00:30 at CDT only
            "2026-11-01T02:00:00Z",
            "2026-11-01T02:30:00Z",
            "2026-11-01T03:00:00Z",
            "2026-11-01T03:30:00Z",
            "2026-11-01T04:00:00Z",
            "2026-11-01T04:30:00Z"),
        // London, 2026-03-29: 01:00 GMT -> 02:00 BST; 2026-10-25: 02:00 BST -> 01:00 GMT.
        row(
            "London, 01:00 and 01:30 skipped",
            LONDON,
            "2026-03-29",
            "00:00",
            "04:00",
            30,
            30,
            "2026-03-29T00:00:00Z",
            "2026-03-29T00:30:00Z",
            "2026-03-29T01:00:00Z",
            "2026-03-29T01:30:00Z",
            "2026-03-29T02:00:00Z",
            "2026-03-29T02:30:00Z"),
        row(
            "London, the repeated hour at BST only",
            LONDON,
            "2026-10-25",
            "00:00",
            "03:00",
            30,
            30,
            "2026-10-24T23:00:00Z",
            "2026-10-24T23:30:00Z",
            "2026-10-25T00:00:00Z",
            "2026-10-25T00:30:00Z",
            "2026-10-25T02:00:00Z",
            "2026-10-25T02:30:00Z"),
        row(
            "London, Saturday 20:00–01:00 closes at 01:00 BST",
            LONDON,
            "2026-10-24",
            "20:00",
            "01:00",
            30,
            30,
            "2026-10-24T19:00:00Z",
            "2026-10-24T19:30:00Z",
            "2026-10-24T20:00:00Z",
            "2026-10-24T20:30:00Z",
            "2026-10-24T21:00:00Z",
            "2026-10-24T21:30:00Z",
            "2026-10-24T22:00:00Z",
            "2026-10-24T22:30:00Z",
            "2026-10-24T23:00:00Z",
            "2026-10-24T23:30:00Z"), // not 01:00 BST (00:00Z)
        row(
            "London, an end inside the repeated hour closes at 01:30 BST",
            LONDON,
            "2026-10-25",
            "00:00",
            "01:30",
            30,
            30,
            "2026-10-24T23:00:00Z",
            "2026-10-24T23:30:00Z",
            "2026-10-25T00:00:00Z"),
        row(
            "London, an end after the repeated hour",
            LONDON,
            "2026-10-25",
            "00:00",
            "02:00",
            30,
            30,
            "2026-10-24T23:00:00Z",
            "2026-10-24T23:30:00Z",
            "2026-10-25T00:00:00Z",
            "2026-10-25T00:30:00Z"),
        // Lord Howe, 2026-04-05: 02:00 +11 -> 01:30 +10:30; 2026-10-04: 02:00 +10:30 -> 02:30 +11.
        row(
            "Lord Howe, the repeated half hour at +11 only",
            LORD_HOWE,
            "2026-04-05",
            "00:00",
            "03:00",
            30,
            30,
            "2026-04-04T13:00:00Z",
            "2026-04-04T13:30:00Z",
            "2026-04-04T14:00:00Z",
            "2026-04-04T14:30:00Z", // 01:30 +11 (01:30 +10:30, 15:00Z, is off the grid)
            "2026-04-04T15:30:00Z",
            "2026-04-04T16:00:00Z"),
        row(
            "Lord Howe, 00:00–01:30 closes at the first 01:30",
            LORD_HOWE,
            "2026-04-05",
            "00:00",
            "01:30",
            15,
            15,
            "2026-04-04T13:00:00Z",
            "2026-04-04T13:15:00Z",
            "2026-04-04T13:30:00Z",
            "2026-04-04T13:45:00Z",
            "2026-04-04T14:00:00Z",
            "2026-04-04T14:15:00Z"),
        row(
            "Lord Howe, 00:00–01:45 closes at 01:45 +11",
            LORD_HOWE,
            "2026-04-05",
            "00:00",
            "01:45",
            15,
            15,
            "2026-04-04T13:00:00Z",
            "2026-04-04T13:15:00Z",
            "2026-04-04T13:30:00Z",
            "2026-04-04T13:45:00Z",
            "2026-04-04T14:00:00Z",
            "2026-04-04T14:15:00Z",
            "2026-04-04T14:30:00Z"), // 01:30 +11; not 01:45 +11
        row(
            "Lord Howe, 02:00 skipped",
            LORD_HOWE,
            "2026-10-04",
            "00:00",
            "04:00",
            30,
            30,
            "2026-10-03T13:30:00Z",
            "2026-10-03T14:00:00Z",
            "2026-10-03T14:30:00Z",
            "2026-10-03T15:00:00Z",
            "2026-10-03T15:30:00Z",
            "2026-10-03T16:00:00Z",
            "2026-10-03T16:30:00Z"),
        row(
            "Lord Howe, a window starting in the gap opens at 02:30",
            LORD_HOWE,
            "2026-10-04",
            "02:00",
            "04:00",
            30,
            30,
            "2026-10-03T15:30:00Z",
            "2026-10-03T16:00:00Z",
            "2026-10-03T16:30:00Z"),
        row(
            "Lord Howe, a window inside the gap is empty",
            LORD_HOWE,
            "2026-10-04",
            "02:00",
            "02:30",
            15,
            15),
        // Kathmandu, +05:45 all year.
        row(
            "Kathmandu, a 09:00 grid",
            KATHMANDU,
            "2026-05-04",
            "09:00",
            "12:00",
            60,
            30,
            "2026-05-04T03:15:00Z",
            "2026-05-04T03:45:00Z",
            "2026-05-04T04:15:00Z",
            "2026-05-04T04:45:00Z",
            "2026-05-04T05:15:00Z"),
        row(
            "Kathmandu, local midnight is the previous UTC date",
            KATHMANDU,
            "2026-05-04",
            "00:00",
            "01:00",
            60,
            60,
            "2026-05-03T18:15:00Z"),
        // Honolulu, -10:00 all year: local afternoon is the next UTC date.
        row(
            "Honolulu, afternoon slots on the next UTC date",
            HONOLULU,
            "2026-05-04",
            "14:00",
            "17:00",
            60,
            60,
            "2026-05-05T00:00:00Z",
            "2026-05-05T01:00:00Z",
            "2026-05-05T02:00:00Z"));
  }

  private static Arguments row(
      String name,
      String zone,
      String date,
      String from,
      String to,
      int minutes,
      int step,
      String... expected) {
    return Arguments.of(name, zone, date, from, to, minutes, step, List.of(expected));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void exactSlots(
      String name,
      String zone,
      String date,
      String from,
      String to,
      int minutes,
      int step,
      List<String> expected) {
    Schedule schedule = everyDay(zone, from, to);
    AppointmentType type = type(minutes, step);
    assertThat(slots(schedule, type, date, date)).containsExactlyElementsOf(expected);
    // every listed start passes check(), by the same rules
    ResourceAvailability r = ResourceAvailability.of(ANA, schedule, List.of());
    for (String start : expected) {
      assertThat(engine.check(r, type, utc(start), LONG_AGO)).as(start).isEmpty();
    }
  }

  // ---- wall-clock hours stay put -------------------------------------------------------------

  static Stream<Arguments> nineOClock() {
    return Stream.of(
        Arguments.of(
            SANTIAGO,
            "2026-04-03",
            "2026-04-06",
            List.of(
                "2026-04-03T12:00:00Z",
                "2026-04-04T12:00:00Z",
                "2026-04-05T13:00:00Z",
                "2026-04-06T13:00:00Z")),
        Arguments.of(
            SANTIAGO,
            "2026-09-04",
            "2026-09-07",
            List.of(
                "2026-09-04T13:00:00Z",
                "2026-09-05T13:00:00Z",
                "2026-09-06T12:00:00Z",
                "2026-09-07T12:00:00Z")),
        Arguments.of(
            NEW_YORK,
            "2026-03-07",
            "2026-03-09",
            List.of("2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z")),
        Arguments.of(
            NEW_YORK,
            "2026-10-31",
            "2026-11-02",
            List.of("2026-10-31T13:00:00Z", "2026-11-01T14:00:00Z", "2026-11-02T14:00:00Z")),
        Arguments.of(
            LONDON,
            "2026-03-28",
            "2026-03-29",
            List.of("2026-03-28T09:00:00Z", "2026-03-29T08:00:00Z")),
        Arguments.of(
            LONDON,
            "2026-10-24",
            "2026-10-25",
            List.of("2026-10-24T08:00:00Z", "2026-10-25T09:00:00Z")),
        Arguments.of(
            LORD_HOWE,
            "2026-04-04",
            "2026-04-05",
            List.of("2026-04-03T22:00:00Z", "2026-04-04T22:30:00Z")),
        Arguments.of(
            LORD_HOWE,
            "2026-10-03",
            "2026-10-04",
            List.of("2026-10-02T22:30:00Z", "2026-10-03T22:00:00Z")));
  }

  @ParameterizedTest(name = "{0} {1}..{2}")
  @MethodSource("nineOClock")
  void weeklyHoursStayInWallClockTimeAcrossTheChange(
      String zone, String from, String to, List<String> expected) {
    assertThat(slots(everyDay(zone, "09:00", "10:00"), type(60, 60), from, to))
        .containsExactlyElementsOf(expected);
  }

  // ---- closures and service hours on transition days -----------------------------------------

  private List<String> slots(
      Schedule schedule, AppointmentType type, List<Closure> closures, String date) {
    return isoStarts(
        engine.slots(
            new ResourceAvailability(ANA, schedule, List.of(), IntervalSet.empty(), closures),
            type,
            LocalDate.parse(date),
            LocalDate.parse(date),
            LONG_AGO));
  }

  @Test
  void aClosedDayWhoseMidnightIsSkippedClosesWhenTheClockJumps() {
    // Santiago 2026-09-05 20:00-03:00: 20:00..23:00 -04 (00Z..03Z), 00:00 skipped, 01:00 and
    // 02:00 -03 (04Z, 05Z). 2026-09-06 starts at 01:00 -03 = 04:00Z.
    Schedule evenings = everyDay(SANTIAGO, "20:00", "03:00");
    Closure sunday =
        Closure.days(
            "fiesta", LocalDate.parse("2026-09-06"), LocalDate.parse("2026-09-06"), "feriado");
    assertThat(slots(evenings, type(60, 60), List.of(), "2026-09-05"))
        .containsExactly(
            "2026-09-06T00:00:00Z",
            "2026-09-06T01:00:00Z",
            "2026-09-06T02:00:00Z",
            "2026-09-06T03:00:00Z",
            "2026-09-06T04:00:00Z",
            "2026-09-06T05:00:00Z");
    assertThat(slots(evenings, type(60, 60), List.of(sunday), "2026-09-05"))
        .containsExactly(
            "2026-09-06T00:00:00Z",
            "2026-09-06T01:00:00Z",
            "2026-09-06T02:00:00Z",
            "2026-09-06T03:00:00Z");
    Closure saturday =
        Closure.days("sabado", LocalDate.parse("2026-09-05"), LocalDate.parse("2026-09-05"), null);
    assertThat(slots(evenings, type(60, 60), List.of(saturday), "2026-09-05"))
        .containsExactly("2026-09-06T04:00:00Z", "2026-09-06T05:00:00Z");
  }

  @Test
  void aServiceWindowFromASkippedMidnightOpensWhenTheClockJumps() {
    // Santiago Sunday 2026-09-06, service 00:00-03:00 within a 00:00-24:00 day: 00:00 and 00:30
    // do not exist; 01:00 -03 is 04:00Z, 03:00 -03 is 06:00Z.
    AppointmentType type =
        type(30, 30).toBuilder()
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder().add(DayOfWeek.SUNDAY, "00:00", "03:00").build())
                    .build())
            .build();
    assertThat(slots(everyDay(SANTIAGO, "00:00", "24:00"), type, List.of(), "2026-09-06"))
        .containsExactly(
            "2026-09-06T04:00:00Z",
            "2026-09-06T04:30:00Z",
            "2026-09-06T05:00:00Z",
            "2026-09-06T05:30:00Z");
  }

  @Test
  void aServiceWindowOverTheSkippedHourInNewYorkKeepsItsWallClockGrid() {
    // New York Sunday 2026-03-08, service 01:00-04:00: 01:00 EST = 06:00Z, 02:00 skipped,
    // 03:00 EDT = 07:00Z, the window ends at 04:00 EDT = 08:00Z.
    AppointmentType type =
        type(60, 60).toBuilder()
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder().add(DayOfWeek.SUNDAY, "01:00", "04:00").build())
                    .build())
            .build();
    assertThat(slots(everyDay(NEW_YORK, "00:00", "24:00"), type, List.of(), "2026-03-08"))
        .containsExactly("2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z");
  }

  @Test
  void aRecurringClosureInTheSkippedHourInNewYorkMovesForwardByTheGap() {
    // Daily 02:30 for an hour: on 2026-03-08 02:30 does not exist and becomes 03:30 EDT, so the
    // closure is 07:30Z-08:30Z. Window 00:00-06:00: 00:00 EST 05Z, 01:00 06Z, 02:00 skipped,
    // 03:00 EDT 07Z and 04:00 08Z overlap the closure, 05:00 09Z.
    Closure nightly =
        Closure.recurring(
            "mantencion",
            LocalDateTime.parse("2026-03-01T02:30"),
            Duration.ofHours(1),
            "FREQ=DAILY",
            null);
    Schedule early = everyDay(NEW_YORK, "00:00", "06:00");
    assertThat(slots(early, type(60, 60), List.of(nightly), "2026-03-08"))
        .containsExactly("2026-03-08T05:00:00Z", "2026-03-08T06:00:00Z", "2026-03-08T09:00:00Z");
    ResourceAvailability r =
        new ResourceAvailability(ANA, early, List.of(), IntervalSet.empty(), List.of(nightly));
    assertThat(engine.check(r, type(60, 60), utc("2026-03-08T07:00:00Z"), LONG_AGO))
        .contains(SlotRefusal.CLOSED);
  }

  // ---- ambiguous and skipped grid times through check() --------------------------------------

  @Test
  void onlyTheEarlierOffsetOfAnAmbiguousGridTimeIsBookable() {
    ResourceAvailability r =
        ResourceAvailability.of(ANA, everyDay(NEW_YORK, "00:00", "03:00"), List.of());
    AppointmentType t = type(30, 30);
    assertThat(engine.check(r, t, utc("2026-11-01T05:00:00Z"), LONG_AGO)).isEmpty(); // 01:00 EDT
    assertThat(engine.check(r, t, utc("2026-11-01T06:00:00Z"), LONG_AGO)) // 01:00 EST
        .contains(SlotRefusal.OUTSIDE_HOURS);
    ResourceAvailability london =
        ResourceAvailability.of(ANA, everyDay(LONDON, "00:00", "03:00"), List.of());
    assertThat(engine.check(london, t, utc("2026-10-25T01:00:00Z"), LONG_AGO)) // 01:00 GMT
        .contains(SlotRefusal.OUTSIDE_HOURS);
  }

  /**
   * Issue 14, "a window that ends inside a repeated hour runs past its declared end": the wall
   * times at or after a window's ambiguous end are refused by check() (and so by book()).
   */
  @Test
  void startsAtOrAfterAnAmbiguousEndAreRefused() {
    AppointmentType t = type(30, 30);
    ResourceAvailability newYork =
        ResourceAvailability.of(ANA, everyDay(NEW_YORK, "20:00", "01:00"), List.of());
    assertThat(engine.check(newYork, t, utc("2026-11-01T04:30:00Z"), LONG_AGO))
        .isEmpty(); // 00:30 EDT
    assertThat(engine.check(newYork, t, utc("2026-11-01T05:00:00Z"), LONG_AGO)) // 01:00 EDT
        .contains(SlotRefusal.OUTSIDE_HOURS);
    assertThat(engine.check(newYork, t, utc("2026-11-01T05:30:00Z"), LONG_AGO)) // 01:30 EDT
        .contains(SlotRefusal.OUTSIDE_HOURS);
    ResourceAvailability havana =
        ResourceAvailability.of(ANA, everyDay(HAVANA, "18:00", "24:00"), List.of());
    assertThat(engine.check(havana, t, utc("2026-11-01T03:30:00Z"), LONG_AGO))
        .isEmpty(); // 23:30 CDT
    assertThat(engine.check(havana, t, utc("2026-11-01T04:00:00Z"), LONG_AGO)) // Sunday 00:00 CDT
        .contains(SlotRefusal.OUTSIDE_HOURS);
  }

  // ---- notice and horizon are elapsed time ---------------------------------------------------

  @Test
  void minimumNoticeIsElapsedAcrossSpringForward() {
    AppointmentType t = type(30, 30).toBuilder().minimumNotice(Duration.ofHours(2)).build();
    ResourceAvailability r =
        ResourceAvailability.of(ANA, everyDay(NEW_YORK, "00:00", "09:00"), List.of());
    // now 01:30 EST; two real hours later it is 04:30 EDT (wall clock would say 03:30)
    List<TimeSlot> slots =
        engine.slots(
            r,
            t,
            LocalDate.parse("2026-03-08"),
            LocalDate.parse("2026-03-08"),
            utc("2026-03-08T06:30:00Z"));
    assertThat(slots.get(0).start()).isEqualTo(utc("2026-03-08T08:30:00Z"));
  }

  @Test
  void minimumNoticeIsElapsedAcrossFallBack() {
    AppointmentType t = type(30, 30).toBuilder().minimumNotice(Duration.ofHours(2)).build();
    ResourceAvailability r =
        ResourceAvailability.of(ANA, everyDay(NEW_YORK, "00:00", "09:00"), List.of());
    // now 01:00 EDT; two real hours later it is 02:00 EST (wall clock would say 03:00)
    List<TimeSlot> slots =
        engine.slots(
            r,
            t,
            LocalDate.parse("2026-11-01"),
            LocalDate.parse("2026-11-01"),
            utc("2026-11-01T05:00:00Z"));
    assertThat(slots.get(0).start()).isEqualTo(utc("2026-11-01T07:00:00Z"));
  }

  @Test
  void minimumNoticeIsElapsedAcrossAMissingMidnight() {
    AppointmentType t = type(30, 30).toBuilder().minimumNotice(Duration.ofHours(1)).build();
    ResourceAvailability r =
        ResourceAvailability.of(ANA, everyDay(SANTIAGO, "00:00", "09:00"), List.of());
    // now 2026-09-05 23:30 -04; one hour later it is 01:30 -03 on 09-06
    List<TimeSlot> slots =
        engine.slots(
            r,
            t,
            LocalDate.parse("2026-09-06"),
            LocalDate.parse("2026-09-06"),
            utc("2026-09-06T03:30:00Z"));
    assertThat(slots.get(0).start()).isEqualTo(utc("2026-09-06T04:30:00Z"));
  }

  @Test
  void horizonIsElapsedAcrossFallBack() {
    AppointmentType t = type(60, 60).toBuilder().horizon(Duration.ofHours(24)).build();
    ResourceAvailability r =
        ResourceAvailability.of(ANA, everyDay(SANTIAGO, "00:00", "24:00"), List.of());
    // now 2026-04-04 09:00 -03; 24 real hours later it is 08:00 -04 on 04-05
    List<TimeSlot> slots =
        engine.slots(
            r,
            t,
            LocalDate.parse("2026-04-05"),
            LocalDate.parse("2026-04-05"),
            utc("2026-04-04T12:00:00Z"));
    assertThat(slots.get(slots.size() - 1).start()).isEqualTo(utc("2026-04-05T11:00:00Z"));
    assertThat(isoStarts(slots)).doesNotContain("2026-04-05T12:00:00Z");
  }

  // ---- recurring time off is expanded in local time ------------------------------------------

  @Test
  void dailyLunchStaysAt1300AcrossSpringForward() {
    Schedule s =
        everyDay(NEW_YORK, "12:00", "15:00").toBuilder()
            .timeOff(
                TimeOff.recurring(
                    LocalDateTime.parse("2026-03-01T13:00"), Duration.ofHours(1), "FREQ=DAILY"))
            .build();
    assertThat(slots(s, type(60, 60), "2026-03-07", "2026-03-09"))
        .containsExactly(
            "2026-03-07T17:00:00Z", "2026-03-07T19:00:00Z", // 12:00 and 14:00 EST
            "2026-03-08T16:00:00Z", "2026-03-08T18:00:00Z", // 12:00 and 14:00 EDT
            "2026-03-09T16:00:00Z", "2026-03-09T18:00:00Z");
  }

  @Test
  void dailyLunchStaysAt1300AcrossAMissingMidnight() {
    Schedule s =
        everyDay(SANTIAGO, "12:00", "15:00").toBuilder()
            .timeOff(
                TimeOff.recurring(
                    LocalDateTime.parse("2026-08-01T13:00"), Duration.ofHours(1), "FREQ=DAILY"))
            .build();
    assertThat(slots(s, type(60, 60), "2026-09-05", "2026-09-06"))
        .containsExactly(
            "2026-09-05T16:00:00Z", "2026-09-05T18:00:00Z", // 12:00 and 14:00 -04
            "2026-09-06T15:00:00Z", "2026-09-06T17:00:00Z"); // 12:00 and 14:00 -03
  }

  @Test
  void recurringTimeOffStartingInTheGapMovesForward() {
    // a daily 00:00–01:00 block; on 2026-09-06 00:00 does not exist, so it runs 01:00–02:00 -03
    Schedule s =
        everyDay(SANTIAGO, "00:00", "03:00").toBuilder()
            .timeOff(
                TimeOff.recurring(
                    LocalDateTime.parse("2026-09-01T00:00"), Duration.ofHours(1), "FREQ=DAILY"))
            .build();
    assertThat(slots(s, type(30, 30), "2026-09-05", "2026-09-06"))
        .containsExactly(
            "2026-09-05T05:00:00Z",
            "2026-09-05T05:30:00Z",
            "2026-09-05T06:00:00Z",
            "2026-09-05T06:30:00Z", // 01:00–02:30 -04
            "2026-09-06T05:00:00Z",
            "2026-09-06T05:30:00Z"); // 02:00, 02:30 -03
  }

  // ---- local dates west of UTC ---------------------------------------------------------------

  @Test
  void eveningSlotsWestOfUtcBelongToTheirLocalDate() {
    Schedule s = everyDay(HONOLULU, "09:00", "17:00");
    AppointmentType capped = type(60, 60).toBuilder().maxPerDay(1).build();
    ResourceAvailability free = ResourceAvailability.of(ANA, s, List.of());
    List<TimeSlot> slots =
        engine.slots(
            free, capped, LocalDate.parse("2026-05-04"), LocalDate.parse("2026-05-04"), LONG_AGO);
    assertThat(slots).hasSize(8);
    TimeSlot evening = slots.get(7);
    assertThat(evening.start()).isEqualTo(utc("2026-05-05T02:00:00Z"));
    assertThat(evening.startIn(ZoneId.of(HONOLULU)).toLocalDate())
        .isEqualTo(LocalDate.parse("2026-05-04"));
    assertThat(evening.startIn(ZoneId.of("UTC")).toLocalDate())
        .isEqualTo(LocalDate.parse("2026-05-05"));
    // a booking at 16:00 local (02:00Z the next day) fills local 05-04, not 05-05
    ResourceAvailability booked =
        ResourceAvailability.of(ANA, s, List.of(booked(capped, utc("2026-05-05T02:00:00Z"))));
    assertThat(slots(booked.schedule(), capped, "2026-05-04", "2026-05-05")).isNotEmpty();
    assertThat(
            isoStarts(
                engine.slots(
                    booked,
                    capped,
                    LocalDate.parse("2026-05-04"),
                    LocalDate.parse("2026-05-05"),
                    LONG_AGO)))
        .containsExactly(
            "2026-05-05T19:00:00Z",
            "2026-05-05T20:00:00Z",
            "2026-05-05T21:00:00Z",
            "2026-05-05T22:00:00Z",
            "2026-05-05T23:00:00Z",
            "2026-05-06T00:00:00Z",
            "2026-05-06T01:00:00Z",
            "2026-05-06T02:00:00Z");
  }
}
