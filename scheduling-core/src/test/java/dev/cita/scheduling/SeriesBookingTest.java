package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.SeriesRequest.Mode;
import dev.cita.scheduling.SlotUnavailableException.Reason;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Recurring appointments ({@link SeriesBookings}), issue 21: "kinesiología los martes a las 10
 * durante 8 semanas" booked all or none or one by one, the refused occurrences reported, DST weeks
 * in America/Santiago and Europe/Madrid, retries that never book twice, this-and-following moves
 * and cancels, and the typed validation errors.
 */
class SeriesBookingTest {
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final ZoneId MADRID = ZoneId.of("Europe/Madrid");
  static final ResourceId ANA = ResourceId.of("kine-ana");
  static final ResourceId PILAR = ResourceId.of("kine-pilar-madrid");
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final AppointmentType KINE =
      AppointmentType.builder("kine", "Kinesiología", Duration.ofMinutes(30))
          .minimumNotice(Duration.ZERO)
          .horizon(Duration.ofDays(300))
          .build();
  static final String EIGHT_TUESDAYS = "FREQ=WEEKLY;BYDAY=TU;COUNT=8";

  final TestClock clock = new TestClock(NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final BookingService service;

  SeriesBookingTest() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveSchedule(TENANT, ANA, allDay(SANTIAGO));
    schedules.saveSchedule(TENANT, PILAR, allDay(MADRID));
    schedules.saveAppointmentType(TENANT, KINE);
    service =
        BookingService.builder()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .idempotencyStore(new InMemoryIdempotencyStore())
            .build();
  }

  static Schedule allDay(ZoneId zone) {
    return Schedule.builder(zone)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), "00:00", "24:00").build())
        .build();
  }

  static Instant at(String local, ZoneId zone) {
    return LocalDateTime.parse(local).atZone(zone).toInstant();
  }

  static BookingRequest first(ResourceId resource, Instant start, String key) {
    BookingRequest.Builder b =
        BookingRequest.builder(
            TENANT, resource, KINE.id(), start, Attendee.builder("Camila Rojas").build());
    if (key != null) {
      b.idempotencyKey(key);
    }
    return b.build();
  }

  SeriesResult book(BookingRequest first, String rrule, Mode mode) {
    return service.series().book(SeriesRequest.builder(first, rrule).mode(mode).build());
  }

  /** Tuesday 31 March 2026, 10:00 in Santiago, the week before Chile's DST ends. */
  static final Instant TUESDAY = at("2026-03-31T10:00", SANTIAGO);

  Appointment blocker(Instant start) {
    return service.book(
        BookingRequest.builder(TENANT, ANA, KINE.id(), start, Attendee.builder("Otro").build())
            .build());
  }

  static List<LocalTime> localTimes(List<Appointment> booked, ZoneId zone) {
    return booked.stream().map(a -> a.start().atZone(zone).toLocalTime()).toList();
  }

  @Nested
  class Modes {
    @Test
    void allOrNoneBooksEightTuesdaysAtTenInOneSeries() {
      SeriesResult result = book(first(ANA, TUESDAY, null), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      assertThat(result.isComplete()).isTrue();
      assertThat(result.appointments()).hasSize(8);
      assertThat(result.appointments())
          .allSatisfy(a -> assertThat(a.seriesId()).contains(result.series()))
          .allSatisfy(a -> assertThat(a.occurrenceStart()).contains(a.start()));
      assertThat(service.series().occurrences(TENANT, result.series()))
          .containsExactlyElementsOf(result.appointments());
    }

    @Test
    void allOrNoneWritesNothingWhenOneOccurrenceIsTakenAndReportsIt() {
      Instant third = at("2026-04-14T10:00", SANTIAGO);
      blocker(third);

      SeriesResult result = book(first(ANA, TUESDAY, null), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      assertThat(result.appointments()).isEmpty();
      assertThat(result.refused())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.occurrence()).isEqualTo(3);
                assertThat(r.start()).isEqualTo(third);
                assertThat(r.reason()).isEqualTo(Reason.OTHER_APPOINTMENT);
              });
      assertThat(appointments.size()).as("only the blocker").isEqualTo(1);
    }

    @Test
    void eachBooksWhatItCanAndReportsTheRest() {
      blocker(at("2026-04-14T10:00", SANTIAGO));
      blocker(at("2026-05-12T10:00", SANTIAGO));

      SeriesResult result = book(first(ANA, TUESDAY, null), EIGHT_TUESDAYS, Mode.EACH);

      assertThat(result.appointments()).hasSize(6);
      assertThat(result.refused())
          .extracting(SeriesResult.Refused::occurrence, SeriesResult.Refused::reason)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(3, Reason.OTHER_APPOINTMENT),
              org.assertj.core.groups.Tuple.tuple(7, Reason.OTHER_APPOINTMENT));
      assertThat(appointments.size()).isEqualTo(8);
    }
  }

  @Nested
  class DaylightSaving {
    @Test
    void tenOClockStaysTenOClockWhenSantiagoLeavesSummerTime() {
      SeriesResult result =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;COUNT=3", Mode.ALL_OR_NONE);

      assertThat(localTimes(result.appointments(), SANTIAGO)).containsOnly(LocalTime.of(10, 0));
      assertThat(result.appointments())
          .extracting(Appointment::start)
          .containsExactly(
              Instant.parse("2026-03-31T13:00:00Z"),
              Instant.parse("2026-04-07T14:00:00Z"),
              Instant.parse("2026-04-14T14:00:00Z"));
    }

    @Test
    void tenOClockStaysTenOClockWhenMadridEntersSummerTime() {
      SeriesResult result =
          book(
              first(PILAR, at("2026-03-24T10:00", MADRID), null),
              "FREQ=WEEKLY;COUNT=2",
              Mode.ALL_OR_NONE);

      assertThat(result.appointments())
          .extracting(Appointment::start)
          .containsExactly(
              Instant.parse("2026-03-24T09:00:00Z"), Instant.parse("2026-03-31T08:00:00Z"));
    }

    /** Chile skips 00:00–00:59 on Sunday 6 September 2026: 00:30 does not exist that day. */
    @Test
    void anOccurrenceAtAMissingLocalTimeInSantiagoIsRefusedNotShifted() {
      BookingRequest at0030 = first(ANA, at("2026-09-04T00:30", SANTIAGO), null);

      SeriesResult each = book(at0030, "FREQ=DAILY;COUNT=4", Mode.EACH);

      assertThat(localTimes(each.appointments(), SANTIAGO)).containsOnly(LocalTime.of(0, 30));
      assertThat(each.appointments())
          .extracting(a -> a.start().atZone(SANTIAGO).getDayOfMonth())
          .containsExactly(4, 5, 7);
      assertThat(each.refused())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.occurrence()).isEqualTo(3);
                assertThat(r.reason()).isEqualTo(Reason.OUTSIDE_HOURS);
                assertThat(r.message()).contains("2026-09-06T00:30", "does not exist");
              });

      SeriesResult allOrNone =
          book(
              first(ANA, at("2026-09-04T00:30", SANTIAGO).plus(Duration.ofDays(7)), null),
              "FREQ=DAILY;COUNT=1",
              Mode.ALL_OR_NONE);
      assertThat(allOrNone.isComplete()).isTrue();
    }

    @Test
    void allOrNoneWithAMissingLocalTimeInMadridBooksNothing() {
      SeriesResult result =
          book(
              first(PILAR, at("2026-03-28T02:30", MADRID), null),
              "FREQ=DAILY;COUNT=3",
              Mode.ALL_OR_NONE);

      assertThat(result.appointments()).isEmpty();
      assertThat(result.refused()).extracting(SeriesResult.Refused::occurrence).containsExactly(2);
      assertThat(appointments.size()).isZero();
    }

    @Test
    void aDateUntilIncludesItsWholeLocalDay() {
      SeriesResult result =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;UNTIL=20260421", Mode.ALL_OR_NONE);

      assertThat(result.appointments()).hasSize(4);
    }
  }

  @Nested
  class Retries {
    @Test
    void anAllOrNoneSeriesSentTwiceIsBookedOnce() {
      SeriesResult once = book(first(ANA, TUESDAY, "wa-SM1"), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);
      SeriesResult again = book(first(ANA, TUESDAY, "wa-SM1"), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      assertThat(again.series()).isEqualTo(once.series());
      assertThat(again.appointments()).containsExactlyElementsOf(once.appointments());
      assertThat(appointments.size()).isEqualTo(8);
    }

    @Test
    void anEachSeriesSentAgainBooksOnlyWhatWasMissing() {
      Appointment blocking = blocker(at("2026-04-14T10:00", SANTIAGO));
      SeriesResult once = book(first(ANA, TUESDAY, "wa-SM2"), EIGHT_TUESDAYS, Mode.EACH);
      service.cancel(TENANT, blocking.id());

      SeriesResult again = book(first(ANA, TUESDAY, "wa-SM2"), EIGHT_TUESDAYS, Mode.EACH);
      SeriesResult third = book(first(ANA, TUESDAY, "wa-SM2"), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      assertThat(once.appointments()).hasSize(7);
      assertThat(again.isComplete()).isTrue();
      assertThat(again.appointments()).hasSize(8).containsAll(once.appointments());
      assertThat(third.appointments()).containsExactlyElementsOf(again.appointments());
      assertThat(service.series().occurrences(TENANT, once.series())).hasSize(8);
      assertThat(appointments.size()).as("8 occurrences and the blocker").isEqualTo(9);
    }

    @Test
    void theSameKeyForAnotherSeriesIsRefused() {
      book(first(ANA, TUESDAY, "wa-SM3"), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      assertThatThrownBy(
              () ->
                  book(
                      first(ANA, TUESDAY, "wa-SM3"),
                      "FREQ=WEEKLY;BYDAY=TU;INTERVAL=2;COUNT=8",
                      Mode.ALL_OR_NONE))
          .isInstanceOf(IdempotencyKeyReusedException.class);
      assertThat(appointments.size()).isEqualTo(8);
    }
  }

  @Nested
  class Validation {
    private void refused(String rrule, String field) {
      assertThatThrownBy(() -> book(first(ANA, TUESDAY, null), rrule, Mode.EACH))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
      assertThat(appointments.size()).isZero();
    }

    @Test
    void aRuleWithoutCountOrUntilIsUnbounded() {
      refused("FREQ=WEEKLY;BYDAY=TU", "series.rrule");
    }

    @Test
    void aCountOverTheCapNamesTheCount() {
      refused("FREQ=WEEKLY;BYDAY=TU;COUNT=101", "series.rrule.count");
    }

    @Test
    void anUntilWithMoreOccurrencesThanTheCapNamesTheUntil() {
      refused("FREQ=HOURLY;UNTIL=20260410T000000", "series.rrule.until");
    }

    @Test
    void aSeriesReachingPastTheHorizonIsRefused() {
      refused("FREQ=WEEKLY;BYDAY=TU;COUNT=60", "series.rrule");
    }

    @Test
    void aRuleWhoseFirstOccurrenceIsNotTheFirstStartIsRefused() {
      refused("FREQ=WEEKLY;BYDAY=WE;COUNT=8", "series.rrule");
    }

    @Test
    void aFirstStartOffTheSecondIsRefused() {
      assertThatThrownBy(
              () -> book(first(ANA, TUESDAY.plusMillis(1), null), EIGHT_TUESDAYS, Mode.ALL_OR_NONE))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("booking.start"));
      assertThat(appointments.size()).isZero();
    }

    @Test
    void aMalformedRuleIsRefused() {
      refused("FREQ=WEEKLY;BYDAY=XX;COUNT=8", "series.rrule");
    }

    @Test
    void aKeyWithNoRoomForTheOccurrenceNumberIsRefused() {
      assertThat(
              SeriesRequest.builder(first(ANA, TUESDAY, "k".repeat(251)), EIGHT_TUESDAYS).build())
          .isNotNull();
      assertThatThrownBy(
              () ->
                  SeriesRequest.builder(first(ANA, TUESDAY, "k".repeat(252)), EIGHT_TUESDAYS)
                      .build())
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("idempotencyKey"));
    }
  }

  @Nested
  class ThisAndFollowing {
    @Test
    void cancelFollowingCancelsThisOccurrenceAndTheLaterOnes() {
      SeriesResult series = book(first(ANA, TUESDAY, null), EIGHT_TUESDAYS, Mode.ALL_OR_NONE);

      List<Appointment> cancelled =
          service.series().cancelFollowing(TENANT, series.appointments().get(4).id());

      assertThat(cancelled).hasSize(4);
      assertThat(service.series().occurrences(TENANT, series.series()))
          .extracting(Appointment::status)
          .containsExactly(
              AppointmentStatus.SCHEDULED,
              AppointmentStatus.SCHEDULED,
              AppointmentStatus.SCHEDULED,
              AppointmentStatus.SCHEDULED,
              AppointmentStatus.CANCELLED,
              AppointmentStatus.CANCELLED,
              AppointmentStatus.CANCELLED,
              AppointmentStatus.CANCELLED);
    }

    @Test
    void anAppointmentOutsideASeriesHasNoFollowing() {
      Appointment single = blocker(TUESDAY);

      assertThatThrownBy(() -> service.series().cancelFollowing(TENANT, single.id()))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("appointmentId"));
    }

    @Test
    void moveFollowingShiftsTheLaterOccurrencesByTheSameLocalShift() {
      SeriesResult series =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;COUNT=4", Mode.ALL_OR_NONE);
      Appointment second = series.appointments().get(1);

      SeriesResult moved =
          service.series().moveFollowing(TENANT, second.id(), at("2026-04-08T11:00", SANTIAGO));

      assertThat(moved.isComplete()).isTrue();
      assertThat(moved.appointments()).hasSize(3);
      List<Appointment> now = service.series().occurrences(TENANT, series.series());
      assertThat(now.get(0)).isEqualTo(series.appointments().get(0));
      assertThat(now.subList(1, 4))
          .allSatisfy(
              a -> {
                assertThat(a.start().atZone(SANTIAGO).getDayOfWeek())
                    .isEqualTo(DayOfWeek.WEDNESDAY);
                assertThat(a.start().atZone(SANTIAGO).toLocalTime()).isEqualTo(LocalTime.of(11, 0));
                assertThat(a.status()).isEqualTo(AppointmentStatus.RESCHEDULED);
              });
      assertThat(now)
          .extracting(a -> a.occurrenceStart().orElseThrow())
          .as("the rule's starts stay")
          .containsExactlyElementsOf(
              series.appointments().stream().map(Appointment::start).toList());
    }

    @Test
    void moveFollowingOneWeekLaterMovesEachIntoTheTimeTheNextOneLeft() {
      SeriesResult series =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;COUNT=4", Mode.ALL_OR_NONE);

      SeriesResult moved =
          service
              .series()
              .moveFollowing(
                  TENANT, series.appointments().get(0).id(), at("2026-04-07T10:00", SANTIAGO));

      assertThat(moved.isComplete()).isTrue();
      assertThat(localTimes(moved.appointments(), SANTIAGO)).containsOnly(LocalTime.of(10, 0));
      assertThat(moved.appointments())
          .extracting(a -> a.start().atZone(SANTIAGO).toLocalDate().toString())
          .containsExactly("2026-04-07", "2026-04-14", "2026-04-21", "2026-04-28");
    }

    @Test
    void moveFollowingIsAllOrNoneAndReportsTheRefusedOccurrence() {
      SeriesResult series =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;COUNT=4", Mode.ALL_OR_NONE);
      blocker(at("2026-04-22T11:00", SANTIAGO));

      SeriesResult moved =
          service
              .series()
              .moveFollowing(
                  TENANT, series.appointments().get(1).id(), at("2026-04-08T11:00", SANTIAGO));

      assertThat(moved.appointments()).isEmpty();
      assertThat(moved.refused())
          .singleElement()
          .satisfies(
              r -> {
                assertThat(r.occurrence()).isEqualTo(4);
                assertThat(r.reason()).isEqualTo(Reason.OTHER_APPOINTMENT);
              });
      assertThat(service.series().occurrences(TENANT, series.series()))
          .as("nothing moved")
          .containsExactlyElementsOf(series.appointments());
    }

    @Test
    void reschedulingOneOccurrenceKeepsItInTheSeries() {
      SeriesResult series =
          book(first(ANA, TUESDAY, null), "FREQ=WEEKLY;BYDAY=TU;COUNT=3", Mode.ALL_OR_NONE);
      Appointment second = series.appointments().get(1);

      Appointment moved = service.reschedule(TENANT, second.id(), at("2026-04-09T16:00", SANTIAGO));

      assertThat(moved.seriesId()).contains(series.series());
      assertThat(moved.occurrenceStart()).contains(second.start());
      assertThat(service.series().occurrences(TENANT, series.series())).contains(moved);
    }
  }
}
