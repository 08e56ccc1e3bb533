package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.isoStarts;
import static dev.cita.scheduling.availability.SlotFixtures.type;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.AppointmentType;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Closures of a whole tenant, and the hours a service is offered in, through the slot engine. */
class ClosureTest {
  private static final Instant LONG_AGO = utc("2026-01-01T00:00:00Z");
  private static final LocalDate MONDAY = LocalDate.parse("2026-12-07");
  private final SlotEngine engine = SlotEngine.create();

  private static Schedule weekdays() {
    return Schedule.builder("America/Santiago")
        .weeklyHours(
            WeeklyHours.builder()
                .add(EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), "09:00", "12:00")
                .build())
        .build();
  }

  private List<String> slots(AppointmentType type, List<Closure> closures, LocalDate from) {
    ResourceAvailability r =
        new ResourceAvailability(ANA, weekdays(), List.of(), IntervalSet.empty(), closures);
    return isoStarts(engine.slots(r, type, from, from, LONG_AGO));
  }

  @Test
  void aClosedDayOffersNothingAndTheNextDayIsUntouched() {
    Closure inventory =
        Closure.days("inventario", MONDAY.plusDays(3), MONDAY.plusDays(3), "inventario");
    assertThat(slots(type(60).build(), List.of(inventory), MONDAY.plusDays(3))).isEmpty();
    assertThat(slots(type(60).build(), List.of(inventory), MONDAY.plusDays(4)))
        .containsExactly("2026-12-11T12:00:00Z", "2026-12-11T13:00:00Z", "2026-12-11T14:00:00Z");
  }

  @Test
  void aSpanClosureBlocksTheBufferedSlotButHasNoBufferOfItsOwn() {
    // 09:00-12:00 -03 is 12:00Z-15:00Z; closed 13:00Z-13:30Z.
    Closure outage =
        Closure.between("corte", utc("2026-12-07T13:00:00Z"), utc("2026-12-07T13:30:00Z"), null);
    assertThat(slots(type(60).build(), List.of(outage), MONDAY))
        .containsExactly("2026-12-07T12:00:00Z", "2026-12-07T14:00:00Z");
    AppointmentType buffered = type(60).bufferAfter(Duration.ofMinutes(30)).build();
    assertThat(slots(buffered, List.of(outage), MONDAY)).containsExactly("2026-12-07T14:00:00Z");
  }

  @Test
  void aRecurringClosureRepeatsInLocalTime() {
    Closure siesta =
        Closure.recurring(
            "siesta",
            LocalDateTime.parse("2026-12-01T10:00"),
            Duration.ofHours(1),
            "FREQ=DAILY",
            "siesta");
    assertThat(slots(type(60).build(), List.of(siesta), MONDAY))
        .containsExactly("2026-12-07T12:00:00Z", "2026-12-07T14:00:00Z");
  }

  @Test
  void checkNamesTheClosureAndOtherBusyTimeStaysBusy() {
    Closure day = Closure.days("dia", MONDAY, MONDAY, null);
    ResourceAvailability closed =
        new ResourceAvailability(ANA, weekdays(), List.of(), IntervalSet.empty(), List.of(day));
    assertThat(engine.check(closed, type(60).build(), utc("2026-12-07T12:00:00Z"), LONG_AGO))
        .contains(SlotRefusal.CLOSED);
    Schedule withTimeOff =
        weekdays().toBuilder()
            .timeOff(TimeOff.between(utc("2026-12-07T12:00:00Z"), utc("2026-12-07T13:00:00Z")))
            .build();
    ResourceAvailability away =
        new ResourceAvailability(
            ANA,
            withTimeOff,
            List.of(),
            IntervalSet.empty(),
            List.of(Closure.days("x", MONDAY, MONDAY, null)));
    assertThat(engine.check(away, type(60).build(), utc("2026-12-07T12:00:00Z"), LONG_AGO))
        .contains(SlotRefusal.CLOSED);
    ResourceAvailability open = away.withClosures(List.of());
    assertThat(engine.check(open, type(60).build(), utc("2026-12-07T12:00:00Z"), LONG_AGO))
        .contains(SlotRefusal.BUSY);
  }

  @Test
  void serviceHoursCutTheResourceWindowAndAnchorTheGridAtTheOverlap() {
    ServiceHours lateMornings =
        ServiceHours.builder()
            .weeklyHours(WeeklyHours.builder().add(DayOfWeek.MONDAY, "09:30", "18:00").build())
            .override(DateOverride.closed(MONDAY.plusDays(7)))
            .build();
    AppointmentType type = type(60).serviceHours(lateMornings).build();
    assertThat(slots(type, List.of(), MONDAY))
        .containsExactly("2026-12-07T12:30:00Z", "2026-12-07T13:30:00Z");
    assertThat(slots(type, List.of(), MONDAY.plusDays(1))).as("not offered on Tuesday").isEmpty();
    assertThat(slots(type, List.of(), MONDAY.plusDays(7))).as("override: closed").isEmpty();
    ResourceAvailability r = ResourceAvailability.of(ANA, weekdays(), List.of());
    assertThat(engine.check(r, type, utc("2026-12-07T12:00:00Z"), LONG_AGO))
        .contains(SlotRefusal.OUTSIDE_HOURS);
    assertThat(engine.check(r, type, utc("2026-12-07T12:30:00Z"), LONG_AGO)).isEmpty();
  }

  @Test
  void serviceHoursOfTheDayBeforeReachIntoAnOvernightWindow() {
    Schedule nights =
        Schedule.builder("UTC")
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "00:00", "24:00").build())
            .build();
    ServiceHours overnight =
        ServiceHours.builder()
            .weeklyHours(WeeklyHours.builder().add(DayOfWeek.SUNDAY, "23:00", "02:00").build())
            .build();
    AppointmentType type = type(60).serviceHours(overnight).build();
    ResourceAvailability r = ResourceAvailability.of(ANA, nights, List.of());
    assertThat(isoStarts(engine.slots(r, type, MONDAY, MONDAY, LONG_AGO)))
        .containsExactly("2026-12-07T00:00:00Z", "2026-12-07T01:00:00Z");
  }

  @Test
  void badClosuresNameTheirField() {
    assertThatThrownBy(() -> Closure.days("x", MONDAY, MONDAY.minusDays(1), null))
        .isInstanceOf(ValidationException.class)
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.lastDay");
    assertThatThrownBy(() -> Closure.days("x", null, MONDAY, null))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.firstDay");
    assertThatThrownBy(() -> Closure.days("x", MONDAY, null, null))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.lastDay");
    assertThatThrownBy(() -> Closure.days("bad id!", MONDAY, MONDAY, null))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.id");
    assertThatThrownBy(
            () ->
                Closure.between(
                    "x", utc("2026-12-07T13:00:00Z"), utc("2026-12-07T13:00:00Z"), null))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.end");
    assertThatThrownBy(
            () ->
                Closure.recurring(
                    "x",
                    LocalDateTime.parse("2026-12-01T10:00"),
                    Duration.ofHours(1),
                    "FREQ=NOPE",
                    null))
        .extracting(e -> ((ValidationException) e).field(), e -> e.getMessage())
        .satisfies(
            list -> {
              assertThat(list.get(0)).isEqualTo("closure.rrule");
              assertThat((String) list.get(1)).startsWith("closure.rrule: not a valid RFC 5545");
            });
    assertThatThrownBy(() -> Closure.days("x", MONDAY, MONDAY, "a\nb"))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("closure.reason");
    assertThatThrownBy(
            () ->
                ServiceHours.builder()
                    .override(DateOverride.closed(MONDAY))
                    .override(DateOverride.closed(MONDAY)))
        .extracting(e -> ((ValidationException) e).field())
        .isEqualTo("serviceHours.override");
  }

  @Test
  void closuresAreValuesThatTellWhatTheyAre() {
    Closure day = Closure.days("dia", MONDAY, MONDAY.plusDays(1), "fiestas");
    assertThat(day).isEqualTo(Closure.days("dia", MONDAY, MONDAY.plusDays(1), "fiestas"));
    assertThat(day).hasSameHashCodeAs(Closure.days("dia", MONDAY, MONDAY.plusDays(1), "fiestas"));
    assertThat(day).isNotEqualTo(Closure.days("dia", MONDAY, MONDAY.plusDays(1), null));
    assertThat(day).isNotEqualTo(Closure.days("dib", MONDAY, MONDAY.plusDays(1), "fiestas"));
    assertThat(day).isNotEqualTo(Closure.days("dia", MONDAY, MONDAY, "fiestas"));
    assertThat(day)
        .isNotEqualTo(Closure.days("dia", MONDAY.minusDays(1), MONDAY.plusDays(1), "fiestas"));
    assertThat(day.firstDay()).contains(MONDAY);
    assertThat(day.lastDay()).contains(MONDAY.plusDays(1));
    assertThat(day.time()).isEmpty();
    assertThat(day.reason()).contains("fiestas");
    assertThat(day.id()).isEqualTo("dia");
    assertThat(day.toString()).contains("dia", "2026-12-07..2026-12-08", "fiestas");
    Closure span =
        Closure.between("corte", utc("2026-12-07T13:00:00Z"), utc("2026-12-07T14:00:00Z"), null);
    assertThat(span.time().orElseThrow().start()).contains(utc("2026-12-07T13:00:00Z"));
    assertThat(span.firstDay()).isEmpty();
    assertThat(span.reason()).isEmpty();
    assertThat(span).isNotEqualTo(day);
    assertThat(span.toString()).contains("corte", "TimeOff");
    ServiceHours hours =
        ServiceHours.builder()
            .weeklyHours(WeeklyHours.builder().add(DayOfWeek.MONDAY, "09:30", "18:00").build())
            .build();
    assertThat(hours)
        .isEqualTo(
            ServiceHours.builder()
                .weeklyHours(WeeklyHours.builder().add(DayOfWeek.MONDAY, "09:30", "18:00").build())
                .build())
        .isNotEqualTo(ServiceHours.builder().build());
    assertThat(hours.hashCode()).isNotEqualTo(ServiceHours.builder().build().hashCode());
    assertThat(hours.toString()).contains("09:30");
    assertThat(type(60).serviceHours(hours).build())
        .isNotEqualTo(type(60).build())
        .isEqualTo(type(60).serviceHours(hours).build().toBuilder().build());
  }

  @Test
  void aClosureAddsOnlyTheTimeThatOverlapsTheAskedSpan() {
    java.time.ZoneId santiago = java.time.ZoneId.of("America/Santiago");
    Closure day = Closure.days("dia", MONDAY, MONDAY, null);
    long start = utc("2026-12-07T03:00:00Z").getEpochSecond(); // Monday 00:00 -03
    long end = utc("2026-12-08T03:00:00Z").getEpochSecond();
    assertThat(expanded(day, santiago, start - 100, start + 100)).containsExactly(start, end);
    assertThat(expanded(day, santiago, end - 1, end + 100)).containsExactly(start, end);
    assertThat(expanded(day, santiago, end, end + 100)).isEmpty();
    assertThat(expanded(day, santiago, start - 100, start)).isEmpty();
    Closure span =
        Closure.between("corte", utc("2026-12-07T13:00:00Z"), utc("2026-12-07T14:00:00Z"), null);
    long s = utc("2026-12-07T13:00:00Z").getEpochSecond();
    assertThat(expanded(span, santiago, s - 10, s + 10)).containsExactly(s, s + 3600);
    assertThat(expanded(span, santiago, s + 3600, s + 7200)).isEmpty();
  }

  private static List<Long> expanded(Closure c, java.time.ZoneId zone, long from, long to) {
    IntervalSet.Builder out = new IntervalSet.Builder(4);
    c.expandInto(out, zone, from, to);
    IntervalSet set = out.build();
    List<Long> bounds = new java.util.ArrayList<>();
    for (int i = 0; i < set.size(); i++) {
      bounds.add(set.starts[i]);
      bounds.add(set.ends[i]);
    }
    return bounds;
  }

  @Test
  void oneScheduleServesTypesWithAndWithoutServiceHoursInTurn() {
    Schedule schedule = weekdays();
    ResourceAvailability r = ResourceAvailability.of(ANA, schedule, List.of());
    AppointmentType plain = type(60).build();
    AppointmentType late =
        type(60)
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder().add(DayOfWeek.MONDAY, "10:00", "12:00").build())
                    .build())
            .build();
    AppointmentType early =
        type(60)
            .serviceHours(
                ServiceHours.builder()
                    .weeklyHours(
                        WeeklyHours.builder().add(DayOfWeek.MONDAY, "09:00", "10:00").build())
                    .build())
            .build();
    for (int round = 0; round < 2; round++) {
      assertThat(isoStarts(engine.slots(r, plain, MONDAY, MONDAY, LONG_AGO))).hasSize(3);
      assertThat(isoStarts(engine.slots(r, late, MONDAY, MONDAY, LONG_AGO)))
          .containsExactly("2026-12-07T13:00:00Z", "2026-12-07T14:00:00Z");
      assertThat(isoStarts(engine.slots(r, early, MONDAY, MONDAY, LONG_AGO)))
          .containsExactly("2026-12-07T12:00:00Z");
    }
    assertThat(late.toString()).contains("ServiceHours");
    assertThat(plain.toString()).doesNotContain("ServiceHours");
    assertThat(late.serviceHours()).isPresent();
    assertThat(late.hashCode()).isNotEqualTo(plain.hashCode());
  }
}
