package dev.cita.scheduling.availability;

import static dev.cita.scheduling.availability.SlotFixtures.ANA;
import static dev.cita.scheduling.availability.SlotFixtures.appointment;
import static dev.cita.scheduling.availability.SlotFixtures.booked;
import static dev.cita.scheduling.availability.SlotFixtures.isoStarts;
import static dev.cita.scheduling.availability.SlotFixtures.type;
import static dev.cita.scheduling.availability.SlotFixtures.utc;
import static dev.cita.scheduling.model.AppointmentStatus.SCHEDULED;
import static java.time.DayOfWeek.MONDAY;
import static java.time.DayOfWeek.SUNDAY;
import static java.time.DayOfWeek.TUESDAY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.model.TimeSlot;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** One example per slot rule, mostly in UTC so that every expected instant reads as local time. */
class SlotEngineTest {
  private static final ZoneId UTC = ZoneId.of("UTC");

  /** A Monday. */
  private static final LocalDate MON = LocalDate.of(2026, 5, 4);

  private static final Instant LONG_AGO = utc("2026-01-01T00:00:00Z");
  private static final AppointmentTypeId OTHER = AppointmentTypeId.of("other");

  private final SlotEngine engine = SlotEngine.create();

  private static Instant at(String hhmm) {
    return utc("2026-05-04T" + hhmm + ":00Z");
  }

  private static List<String> times(String... hhmm) {
    return Stream.of(hhmm).map(t -> "2026-05-04T" + t + ":00Z").toList();
  }

  private static Schedule mondays(String from, String to) {
    return Schedule.builder(UTC)
        .weeklyHours(WeeklyHours.builder().add(MONDAY, from, to).build())
        .build();
  }

  private static ResourceAvailability resource(Schedule schedule, Appointment... appointments) {
    return ResourceAvailability.of(ANA, schedule, List.of(appointments));
  }

  private List<TimeSlot> monday(ResourceAvailability r, AppointmentType type) {
    return engine.slots(r, type, MON, MON, LONG_AGO);
  }

  @Nested
  class Buffers {
    @Test
    void backToBackBookingsAreOneBufferApartNotTwo() {
      AppointmentType t =
          type(30).bufferAfter(Duration.ofMinutes(10)).step(Duration.ofMinutes(10)).build();
      ResourceAvailability r = resource(mondays("09:00", "11:00"), booked(t, at("09:00")));
      // 09:30 would start inside the booking's after-buffer; 09:40 is exactly one buffer later.
      // Were the buffers additive (ours after + the booking's after), 09:50 would be the first.
      assertThat(isoStarts(monday(r, t)))
          .containsExactlyElementsOf(times("09:40", "09:50", "10:00", "10:10", "10:20", "10:30"));
    }

    static Stream<Arguments> gaps() {
      // booking's after-buffer, new type's before-buffer, first free start after a 09:00–09:30
      // booking
      return Stream.of(
          Arguments.of(10, 0, "09:40"),
          Arguments.of(0, 15, "09:45"),
          Arguments.of(10, 15, "09:45"),
          Arguments.of(20, 5, "09:50"),
          Arguments.of(0, 0, "09:30"));
    }

    @ParameterizedTest(name = "after {0} min, before {1} min -> {2}")
    @MethodSource("gaps")
    void theGapIsTheLargerOfTheTwoBuffers(int bookedAfter, int newBefore, String firstFree) {
      AppointmentType t =
          type(30).bufferBefore(Duration.ofMinutes(newBefore)).step(Duration.ofMinutes(5)).build();
      Appointment existing =
          appointment(
              OTHER,
              at("09:00"),
              Duration.ofMinutes(30),
              Duration.ZERO,
              Duration.ofMinutes(bookedAfter),
              AppointmentStatus.CONFIRMED);
      List<TimeSlot> slots = monday(resource(mondays("09:00", "11:00"), existing), t);
      assertThat(slots.get(0).start()).isEqualTo(at(firstFree));
    }

    @Test
    void theGapBeforeABookingIsTheLargerOfItsBeforeBufferAndOurAfterBuffer() {
      AppointmentType t =
          type(30).bufferAfter(Duration.ofMinutes(5)).step(Duration.ofMinutes(5)).build();
      Appointment existing =
          appointment(
              OTHER,
              at("11:00"),
              Duration.ofMinutes(30),
              Duration.ofMinutes(10),
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      List<TimeSlot> slots = monday(resource(mondays("10:00", "12:00"), existing), t);
      // the last slot before the booking ends 10 minutes before it: 10:20–10:50
      assertThat(isoStarts(slots))
          .contains("2026-05-04T10:20:00Z")
          .doesNotContain("2026-05-04T10:25:00Z", "2026-05-04T10:30:00Z", "2026-05-04T11:00:00Z");
    }

    @Test
    void buffersMayReachOutsideTheWindow() {
      AppointmentType t =
          type(60).bufferBefore(Duration.ofMinutes(30)).bufferAfter(Duration.ofMinutes(30)).build();
      assertThat(isoStarts(monday(resource(mondays("09:00", "11:00")), t)))
          .containsExactlyElementsOf(times("09:00", "10:00"));
      // ...but they still meet busy time out there
      Schedule withEarlyBusy =
          mondays("09:00", "11:00").toBuilder()
              .timeOff(TimeOff.between(at("08:00"), at("08:45")))
              .build();
      assertThat(isoStarts(monday(resource(withEarlyBusy), t)))
          .containsExactlyElementsOf(times("10:00"));
    }

    @Test
    void subSecondBuffersOfTheTypeAreNotTruncated() {
      // one candidate, 09:00–09:30; time off outside the window, where only the buffers reach
      Schedule lateBusy =
          mondays("09:00", "09:30").toBuilder()
              .timeOff(TimeOff.between(at("09:40"), at("10:00")))
              .build();
      AppointmentType after = type(30).bufferAfter(Duration.ofMinutes(10).plusMillis(500)).build();
      assertThat(monday(resource(lateBusy), after)).isEmpty();
      assertThat(engine.check(resource(lateBusy), after, at("09:00"), LONG_AGO))
          .contains(SlotRefusal.BUSY);
      AppointmentType exactAfter = type(30).bufferAfter(Duration.ofMinutes(10)).build();
      assertThat(isoStarts(monday(resource(lateBusy), exactAfter)))
          .containsExactlyElementsOf(times("09:00"));

      Schedule earlyBusy =
          mondays("09:00", "09:30").toBuilder()
              .timeOff(TimeOff.between(at("08:00"), at("08:50")))
              .build();
      AppointmentType before =
          type(30).bufferBefore(Duration.ofMinutes(10).plusMillis(500)).build();
      assertThat(monday(resource(earlyBusy), before)).isEmpty();
      AppointmentType exactBefore = type(30).bufferBefore(Duration.ofMinutes(10)).build();
      assertThat(isoStarts(monday(resource(earlyBusy), exactBefore)))
          .containsExactlyElementsOf(times("09:00"));
    }

    @Test
    void subSecondBuffersOfBookingsAreNotTruncated() {
      AppointmentType t = type(30).build();
      // the booking's before-buffer starts half a second before 09:30
      Appointment existing =
          appointment(
              OTHER,
              at("09:40"),
              Duration.ofMinutes(20),
              Duration.ofMinutes(10).plusMillis(500),
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      // 09:00–09:30 meets that half second; 09:30 meets the booking; 10:00 is after it
      assertThat(isoStarts(monday(resource(mondays("09:00", "10:30"), existing), t)))
          .containsExactlyElementsOf(times("10:00"));
      Appointment later =
          appointment(
              OTHER,
              at("09:40"),
              Duration.ofMinutes(20),
              Duration.ofMinutes(10),
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      assertThat(isoStarts(monday(resource(mondays("09:00", "10:30"), later), t)))
          .containsExactlyElementsOf(times("09:00", "10:00"));
    }

    @Test
    void aBookingsSubSecondAfterBufferBlocksTheWholeSecondItReaches() {
      AppointmentType t = type(30).build();
      // the booking's after-buffer ends half a second after 10:30, so 10:30 is taken too
      Appointment existing =
          appointment(
              OTHER,
              at("09:30"),
              Duration.ofMinutes(30),
              Duration.ZERO,
              Duration.ofMinutes(30).plusMillis(500),
              AppointmentStatus.SCHEDULED);
      assertThat(isoStarts(monday(resource(mondays("09:00", "11:30"), existing), t)))
          .containsExactlyElementsOf(times("09:00", "11:00"));
    }

    @Test
    void aBookingsBufferThatAddsUpToAWholeSecondIsNotRoundedUp() {
      AppointmentType t = type(30).build();
      // 09:30:00.5–10:00:00.5, and 29:59.5 of after-buffer: the buffer ends at exactly 10:30
      Appointment existing =
          appointment(
              OTHER,
              at("09:30").plusMillis(500),
              Duration.ofMinutes(30),
              Duration.ZERO,
              Duration.ofMinutes(30).minusMillis(500),
              AppointmentStatus.SCHEDULED);
      assertThat(isoStarts(monday(resource(mondays("09:00", "11:30"), existing), t)))
          .containsExactlyElementsOf(times("09:00", "10:30", "11:00"));
    }
  }

  /**
   * On a fall-back day the window's grid is local time, an hour longer than the instants it spans:
   * the starts right after a booking's after-buffer are still offered.
   */
  @Test
  void startsRightAfterABookingsBufferAreOfferedOnAFallBackDay() {
    ZoneId newYork = ZoneId.of("America/New_York");
    LocalDate sunday = LocalDate.of(2026, 11, 1); // 02:00 EDT becomes 01:00 EST
    Schedule night =
        Schedule.builder(newYork)
            .weeklyHours(WeeklyHours.builder().add(SUNDAY, "00:00", "06:00").build())
            .build();
    // 03:00–03:30 EST with an hour of after-buffer: 03:00, 03:30 and 04:00 EST are taken
    Appointment existing =
        appointment(
            OTHER,
            utc("2026-11-01T08:00:00Z"),
            Duration.ofMinutes(30),
            Duration.ZERO,
            Duration.ofHours(1),
            AppointmentStatus.SCHEDULED);
    List<TimeSlot> slots =
        engine.slots(resource(night, existing), type(30).build(), sunday, sunday, LONG_AGO);
    assertThat(isoStarts(slots))
        .containsExactly(
            "2026-11-01T04:00:00Z", // 00:00 EDT
            "2026-11-01T04:30:00Z",
            "2026-11-01T05:00:00Z", // 01:00, the earlier offset
            "2026-11-01T05:30:00Z",
            "2026-11-01T07:00:00Z", // 02:00 EST
            "2026-11-01T07:30:00Z",
            "2026-11-01T09:30:00Z", // 04:30 EST, right after the buffer
            "2026-11-01T10:00:00Z",
            "2026-11-01T10:30:00Z");
  }

  @Test
  void moreSeatsThanASlotCanCountAreRefused() {
    ResourceAvailability r = resource(mondays("09:00", "10:00"));
    AppointmentType most = type(60).seats((int) SlotEngine.SEAT_MASK).build();
    assertThat(monday(r, most))
        .singleElement()
        .extracting(TimeSlot::remainingSeats)
        .isEqualTo(65_535);
    AppointmentType tooMany = type(60).seats(65_536).build();
    assertThatThrownBy(() -> monday(r, tooMany))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("appointmentType.seats"));
    assertThatThrownBy(() -> engine.anyOf(List.of(r), tooMany, MON, MON, LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.field()).isEqualTo("appointmentType.seats"));
  }

  @Test
  void stepIsSeparateFromDuration() {
    AppointmentType stepped = type(60).step(Duration.ofMinutes(15)).build();
    assertThat(isoStarts(monday(resource(mondays("09:00", "11:00")), stepped)))
        .containsExactlyElementsOf(times("09:00", "09:15", "09:30", "09:45", "10:00"));
    AppointmentType byDuration = type(60).build();
    assertThat(byDuration.step()).isEqualTo(Duration.ofMinutes(60));
    assertThat(isoStarts(monday(resource(mondays("09:00", "11:00")), byDuration)))
        .containsExactlyElementsOf(times("09:00", "10:00"));
  }

  @Test
  void gridIsAnchoredAtTheWindowStart() {
    AppointmentType t = type(30).build();
    assertThat(isoStarts(monday(resource(mondays("09:10", "10:30")), t)))
        .containsExactlyElementsOf(times("09:10", "09:40"));
    assertThat(engine.check(resource(mondays("09:10", "10:30")), t, at("09:30"), LONG_AGO))
        .contains(SlotRefusal.OUTSIDE_HOURS);
  }

  @Nested
  class NoticeAndHorizon {
    private final ResourceAvailability r = resource(mondays("09:00", "12:00"));

    @Test
    void minimumNoticeIsElapsedTimeFromNow() {
      AppointmentType t = type(30).minimumNotice(Duration.ofHours(1)).build();
      assertThat(engine.slots(r, t, MON, MON, at("08:10")).get(0).start()).isEqualTo(at("09:30"));
      // exactly now + notice is allowed
      assertThat(engine.slots(r, t, MON, MON, at("08:00")).get(0).start()).isEqualTo(at("09:00"));
      // half a second later it is not
      assertThat(engine.slots(r, t, MON, MON, at("08:00").plusMillis(500)).get(0).start())
          .isEqualTo(at("09:30"));
      assertThat(engine.check(r, t, at("09:00"), at("08:00").plusMillis(500)))
          .contains(SlotRefusal.TOO_SOON);
    }

    @Test
    void horizonIsElapsedTimeFromNowAndExclusive() {
      AppointmentType t = type(30).horizon(Duration.ofHours(10)).build();
      Instant now = at("00:00");
      assertThat(isoStarts(engine.slots(r, t, MON, MON, now)))
          .containsExactlyElementsOf(times("09:00", "09:30"));
      assertThat(engine.check(r, t, at("10:00"), now)).contains(SlotRefusal.BEYOND_HORIZON);
      assertThat(engine.check(r, t, at("09:30"), now)).isEmpty();
    }

    @Test
    void aSlotInThePastIsTooSoon() {
      AppointmentType t = type(30).build();
      assertThat(isoStarts(engine.slots(r, t, MON, MON, at("10:15"))))
          .containsExactlyElementsOf(times("10:30", "11:00", "11:30"));
    }
  }

  @Nested
  class Seats {
    private final AppointmentType group = type(30).seats(3).build();

    @Test
    void remainingSeatsAreShownAndAFullSlotIsLeftOut() {
      ResourceAvailability r =
          resource(
              mondays("09:00", "11:00"),
              booked(group, at("09:00")),
              booked(group, at("09:00")),
              booked(group, at("09:30")),
              booked(group, at("09:30")),
              booked(group, at("09:30")));
      List<TimeSlot> slots = monday(r, group);
      assertThat(isoStarts(slots)).containsExactlyElementsOf(times("09:00", "10:00", "10:30"));
      assertThat(slots).extracting(TimeSlot::remainingSeats).containsExactly(1, 3, 3);
      assertThat(engine.check(r, group, at("09:30"), LONG_AGO)).contains(SlotRefusal.FULL);
      assertThat(engine.check(r, group, at("09:00"), LONG_AGO)).isEmpty();
    }

    @Test
    void cancelledSeatsAreFreeAgain() {
      Appointment cancelled =
          appointment(
              group.id(),
              at("09:00"),
              group.duration(),
              Duration.ZERO,
              Duration.ZERO,
              AppointmentStatus.CANCELLED);
      List<TimeSlot> slots =
          monday(resource(mondays("09:00", "09:30"), booked(group, at("09:00")), cancelled), group);
      assertThat(slots).extracting(TimeSlot::remainingSeats).containsExactly(2);
    }

    @Test
    void onlyTheSameTypeAtExactlyTheSameTimeSharesASlot() {
      Appointment otherType =
          appointment(
              OTHER,
              at("09:00"),
              Duration.ofMinutes(30),
              Duration.ZERO,
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      Appointment longer =
          appointment(
              group.id(),
              at("10:00"),
              Duration.ofMinutes(45),
              Duration.ZERO,
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      Appointment shifted =
          appointment(
              group.id(),
              at("11:15"),
              Duration.ofMinutes(30),
              Duration.ZERO,
              Duration.ZERO,
              AppointmentStatus.SCHEDULED);
      ResourceAvailability r = resource(mondays("09:00", "12:00"), otherType, longer, shifted);
      assertThat(isoStarts(monday(r, group))).containsExactlyElementsOf(times("09:30"));
      assertThat(engine.check(r, group, at("09:00"), LONG_AGO)).contains(SlotRefusal.BUSY);
    }

    /**
     * A group's own after-buffer reaches starts long after it ended, here from before the window.
     */
    @Test
    void aGroupsAfterBufferBlocksStartsItReachesFromBeforeTheWindow() {
      Appointment early =
          appointment(
              group.id(),
              at("09:00"),
              group.duration(),
              Duration.ZERO,
              Duration.ofMinutes(90),
              AppointmentStatus.SCHEDULED);
      ResourceAvailability r = resource(mondays("10:00", "12:00"), early);
      // 09:00–09:30 plus 90 minutes of buffer keeps everything before 11:00
      assertThat(isoStarts(monday(r, group))).containsExactlyElementsOf(times("11:00", "11:30"));
      assertThat(engine.check(r, group, at("10:30"), LONG_AGO)).contains(SlotRefusal.BUSY);
    }

    @Test
    void seatsOfOneTypeDoNotShareWithABookingOfASingleSeatType() {
      AppointmentType single = type(30).build();
      ResourceAvailability r = resource(mondays("09:00", "10:00"), booked(single, at("09:00")));
      assertThat(isoStarts(monday(r, single))).containsExactlyElementsOf(times("09:30"));
      assertThat(engine.check(r, single, at("09:00"), LONG_AGO)).contains(SlotRefusal.BUSY);
    }
  }

  @Nested
  class DailyCap {
    private final ZoneId santiago = ZoneId.of("America/Santiago");

    @Test
    void theCapCountsBookingsPerLocalDateOfTheResourceZone() {
      // In May Santiago is at -04:00. 22:00 local on Monday is 02:00Z on Tuesday.
      AppointmentType t = type(60).maxPerDay(1).build();
      Schedule s =
          Schedule.builder(santiago)
              .weeklyHours(
                  WeeklyHours.builder().add(EnumSet.of(MONDAY, TUESDAY), "20:00", "23:00").build())
              .build();
      ResourceAvailability r = resource(s, booked(t, utc("2026-05-05T02:00:00Z")));
      List<TimeSlot> slots = engine.slots(r, t, MON, MON.plusDays(1), LONG_AGO);
      // Monday (local) is full; Tuesday (local) is open, although its UTC date holds the booking
      assertThat(isoStarts(slots))
          .containsExactly("2026-05-06T00:00:00Z", "2026-05-06T01:00:00Z", "2026-05-06T02:00:00Z");
      assertThat(engine.check(r, t, utc("2026-05-05T00:00:00Z"), LONG_AGO))
          .contains(SlotRefusal.DAILY_LIMIT);
    }

    /**
     * Bookings on the days after the queried one (up to four local days away) count for no slot.
     */
    @Test
    void bookingsDaysAfterTheQueriedDateDoNotCountForIt() {
      AppointmentType t = type(30).maxPerDay(1).build();
      Schedule everyDay =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(EnumSet.allOf(java.time.DayOfWeek.class), "09:00", "10:00")
                      .build())
              .build();
      ResourceAvailability r =
          resource(
              everyDay,
              booked(t, utc("2026-05-05T09:00:00Z")),
              booked(t, utc("2026-05-06T09:00:00Z")),
              booked(t, utc("2026-05-07T09:00:00Z")),
              booked(t, utc("2026-05-08T09:00:00Z")));
      assertThat(isoStarts(monday(r, t))).containsExactlyElementsOf(times("09:00", "09:30"));
    }

    @Test
    void theCapCountsOnlyTimeHoldingBookingsOfTheSameType() {
      AppointmentType t = type(30).maxPerDay(2).build();
      ResourceAvailability r =
          resource(
              mondays("09:00", "12:00"),
              booked(t, at("09:00")),
              appointment(
                  t.id(),
                  at("10:00"),
                  t.duration(),
                  Duration.ZERO,
                  Duration.ZERO,
                  AppointmentStatus.CANCELLED),
              appointment(
                  OTHER,
                  at("11:00"),
                  t.duration(),
                  Duration.ZERO,
                  Duration.ZERO,
                  AppointmentStatus.SCHEDULED));
      assertThat(isoStarts(monday(r, t)))
          .containsExactlyElementsOf(times("09:30", "10:00", "10:30", "11:30"));
      ResourceAvailability capped =
          resource(mondays("09:00", "12:00"), booked(t, at("09:00")), booked(t, at("11:00")));
      assertThat(monday(capped, t)).isEmpty();
    }
  }

  @Nested
  class Windows {
    private final AppointmentType hour = type(60).build();

    @Test
    void aDateOverrideReplacesTheWeeklyHours() {
      Schedule s =
          mondays("09:00", "17:00").toBuilder()
              .override(DateOverride.of(MON, LocalTimeRange.of("13:00", "15:00")))
              .override(DateOverride.closed(MON.plusDays(7)))
              .override(DateOverride.of(MON.minusDays(1), LocalTimeRange.of("10:00", "11:00")))
              .build();
      ResourceAvailability r = resource(s);
      assertThat(isoStarts(engine.slots(r, hour, MON.minusDays(1), MON.plusDays(14), LONG_AGO)))
          .containsExactly(
              "2026-05-03T10:00:00Z", // a Sunday, opened by its override
              "2026-05-04T13:00:00Z",
              "2026-05-04T14:00:00Z", // override instead of 09–17
              // 2026-05-11 closed
              "2026-05-18T09:00:00Z",
              "2026-05-18T10:00:00Z",
              "2026-05-18T11:00:00Z",
              "2026-05-18T12:00:00Z",
              "2026-05-18T13:00:00Z",
              "2026-05-18T14:00:00Z",
              "2026-05-18T15:00:00Z",
              "2026-05-18T16:00:00Z");
      assertThat(s.override(MON.plusDays(7)).orElseThrow().isClosed()).isTrue();
    }

    @Test
    void toBuilderKeepsEveryPartOfTheSchedule() {
      Schedule s =
          mondays("09:00", "17:00").toBuilder()
              .override(DateOverride.of(MON, LocalTimeRange.of("13:00", "15:00")))
              .override(DateOverride.closed(MON.plusDays(7)))
              .timeOff(TimeOff.between(at("13:00"), at("14:00"), "dentist"))
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 1, 5, 9, 0),
                      Duration.ofHours(1),
                      "FREQ=WEEKLY",
                      "team meeting"))
              .build();

      Schedule copy = s.toBuilder().build();

      assertThat(copy).isEqualTo(s);
      assertThat(copy.overrides()).isEqualTo(s.overrides()).hasSize(2);
      assertThat(copy.timeOff()).isEqualTo(s.timeOff()).hasSize(2);
      assertThat(isoStarts(engine.slots(resource(copy), hour, MON, MON.plusDays(7), LONG_AGO)))
          .containsExactlyElementsOf(times("14:00"));
    }

    @Test
    void anOvernightWindowYieldsSlotsOnTheNextDate() {
      ResourceAvailability r = resource(mondays("22:00", "02:00"));
      assertThat(isoStarts(engine.slots(r, hour, MON, MON, LONG_AGO)))
          .containsExactly(
              "2026-05-04T22:00:00Z",
              "2026-05-04T23:00:00Z",
              "2026-05-05T00:00:00Z",
              "2026-05-05T01:00:00Z");
      // the window belongs to Monday: a query for Tuesday alone does not build it
      assertThat(engine.slots(r, hour, MON.plusDays(1), MON.plusDays(1), LONG_AGO)).isEmpty();
      // ...but a booking check after midnight finds it
      assertThat(engine.check(r, hour, utc("2026-05-05T01:00:00Z"), LONG_AGO)).isEmpty();
      assertThat(engine.check(r, hour, utc("2026-05-05T02:00:00Z"), LONG_AGO))
          .contains(SlotRefusal.OUTSIDE_HOURS);
    }

    @Test
    void overlappingWindowsListEachStartOnce() {
      Schedule s =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(MONDAY, "09:00", "11:00")
                      .add(MONDAY, "10:00", "12:00")
                      .add(SUNDAY, "23:00", "10:30")
                      .build())
              .build();
      assertThat(isoStarts(engine.slots(resource(s), hour, MON.minusDays(1), MON, LONG_AGO)))
          .containsExactly(
              "2026-05-03T23:00:00Z",
              "2026-05-04T00:00:00Z",
              "2026-05-04T01:00:00Z",
              "2026-05-04T02:00:00Z",
              "2026-05-04T03:00:00Z",
              "2026-05-04T04:00:00Z",
              "2026-05-04T05:00:00Z",
              "2026-05-04T06:00:00Z",
              "2026-05-04T07:00:00Z",
              "2026-05-04T08:00:00Z",
              "2026-05-04T09:00:00Z",
              "2026-05-04T10:00:00Z",
              "2026-05-04T11:00:00Z");
    }

    @Test
    void aSlotMustFitInsideOneWindow() {
      Schedule s =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(MONDAY, "09:00", "10:30")
                      .add(MONDAY, "10:30", "12:00")
                      .build())
              .build();
      // 10:00–11:00 would straddle the two windows; each window has its own grid
      assertThat(isoStarts(monday(resource(s), hour)))
          .containsExactlyElementsOf(times("09:00", "10:30"));
    }

    @Test
    void aWindowMayEndAt2400() {
      ResourceAvailability r = resource(mondays("20:00", "24:00"));
      assertThat(isoStarts(monday(r, hour)))
          .containsExactlyElementsOf(times("20:00", "21:00", "22:00", "23:00"));
      ResourceAvailability allDay = resource(mondays("00:00", "24:00"));
      assertThat(monday(allDay, hour)).hasSize(24);
      assertThat(LocalTimeRange.of("20:00", "24:00").endsNextDay()).isTrue();
      assertThat(LocalTimeRange.of("20:00", "24:00").toString()).isEqualTo("20:00–24:00");
    }

    @Test
    void weeklyHoursApplyWithinTheirValidityRange() {
      Schedule s =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(MONDAY, "09:00", "10:00")
                      .validUntil(LocalDate.of(2026, 5, 10))
                      .build())
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(MONDAY, "14:00", "15:00")
                      .validFrom(LocalDate.of(2026, 5, 11))
                      .validUntil(LocalDate.of(2026, 5, 11))
                      .build())
              .build();
      assertThat(
              isoStarts(
                  engine.slots(resource(s), hour, MON.minusDays(7), MON.plusDays(14), LONG_AGO)))
          .containsExactly("2026-04-27T09:00:00Z", "2026-05-04T09:00:00Z", "2026-05-11T14:00:00Z");
    }

    @Test
    void theFirstWeeklyHoursCoveringADateWin() {
      Schedule s =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(MONDAY, "09:00", "10:00")
                      .validFrom(MON)
                      .validUntil(MON)
                      .build())
              .weeklyHours(WeeklyHours.builder().add(MONDAY, "14:00", "15:00").build())
              .build();
      assertThat(isoStarts(engine.slots(resource(s), hour, MON, MON.plusDays(7), LONG_AGO)))
          .containsExactly("2026-05-04T09:00:00Z", "2026-05-11T14:00:00Z");
    }

    @Test
    void invalidValidityAndZeroLengthWindowsAreRefused() {
      assertThatThrownBy(
              () -> WeeklyHours.builder().validFrom(MON).validUntil(MON.minusDays(1)).build())
          .isInstanceOfSatisfying(
              ValidationException.class,
              e -> assertThat(e.field()).isEqualTo("weeklyHours.validUntil"));
      assertThatThrownBy(() -> LocalTimeRange.of("09:00", "09:00"))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("hours.end"));
      assertThatThrownBy(() -> LocalTimeRange.of("9 o'clock", "10:00"))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("hours.start"));
      assertThatThrownBy(
              () ->
                  Schedule.builder(UTC)
                      .override(DateOverride.closed(MON))
                      .override(DateOverride.closed(MON)))
          .isInstanceOf(ValidationException.class);
      assertThatThrownBy(() -> Schedule.builder("Mars/Olympus_Mons"))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("schedule.zone"));
    }
  }

  @Nested
  class Busy {
    private final AppointmentType t = type(30).build();

    @Test
    void externalBusyTimeHasNoBuffersOfItsOwn() {
      ResourceAvailability r =
          new ResourceAvailability(
              ANA,
              mondays("09:00", "12:00"),
              List.of(),
              IntervalSet.of(new TimeInterval(at("10:00"), at("11:00"))));
      assertThat(isoStarts(monday(r, t)))
          .containsExactlyElementsOf(times("09:00", "09:30", "11:00", "11:30"));
      // the same time as a booking with buffers blocks more
      Appointment booking =
          appointment(
              OTHER,
              at("10:00"),
              Duration.ofHours(1),
              Duration.ofMinutes(15),
              Duration.ofMinutes(15),
              AppointmentStatus.SCHEDULED);
      assertThat(isoStarts(monday(resource(mondays("09:00", "12:00"), booking), t)))
          .containsExactlyElementsOf(times("09:00", "11:30"));
      // the candidate's own buffers still keep away from external busy time
      AppointmentType buffered = type(30).bufferAfter(Duration.ofMinutes(15)).build();
      assertThat(isoStarts(monday(r, buffered)))
          .containsExactlyElementsOf(times("09:00", "11:00", "11:30"));
    }

    @ParameterizedTest
    @EnumSource(AppointmentStatus.class)
    void onlyTimeHoldingStatusesBlock(AppointmentStatus status) {
      Appointment a =
          appointment(
              OTHER, at("09:00"), Duration.ofMinutes(30), Duration.ZERO, Duration.ZERO, status);
      boolean holds =
          EnumSet.of(
                  AppointmentStatus.REQUESTED,
                  AppointmentStatus.SCHEDULED,
                  AppointmentStatus.CONFIRMED,
                  AppointmentStatus.RESCHEDULED)
              .contains(status);
      List<String> expected = holds ? times("09:30") : times("09:00", "09:30");
      assertThat(isoStarts(monday(resource(mondays("09:00", "10:00"), a), t)))
          .containsExactlyElementsOf(expected);
    }

    @Test
    void oneOffAndRecurringTimeOffBlock() {
      Schedule s =
          mondays("09:00", "15:00").toBuilder()
              .timeOff(TimeOff.between(at("09:15"), at("09:45"), "dentist"))
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 1, 5, 12, 0),
                      Duration.ofHours(1),
                      "RRULE:FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
                      "lunch"))
              .build();
      assertThat(isoStarts(monday(resource(s), t)))
          .containsExactlyElementsOf(
              times("10:00", "10:30", "11:00", "11:30", "13:00", "13:30", "14:00", "14:30"));
      TimeOff lunch = s.timeOff().get(1);
      assertThat(lunch.isRecurring()).isTrue();
      assertThat(lunch.rrule()).contains("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR");
      assertThat(lunch.reason()).contains("lunch");
    }

    /**
     * One schedule queried for two ranges: the second is not answered from the first's expansion.
     */
    @Test
    void recurringTimeOffIsExpandedForEachRangeItIsAskedFor() {
      Schedule s =
          mondays("11:00", "14:00").toBuilder()
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 1, 5, 12, 0),
                      Duration.ofHours(1),
                      "RRULE:FREQ=WEEKLY;BYDAY=MO",
                      "lunch"))
              .build();
      ResourceAvailability r = resource(s);
      List<String> lunchFree = List.of("T11:00:00Z", "T11:30:00Z", "T13:00:00Z", "T13:30:00Z");
      for (LocalDate monday : List.of(MON, MON.plusDays(7), MON.minusDays(7))) {
        assertThat(isoStarts(engine.slots(r, t, monday, monday, LONG_AGO)))
            .containsExactlyElementsOf(lunchFree.stream().map(time -> monday + time).toList());
      }
    }

    @Test
    void recurringTimeOffRespectsCountAndUntil() {
      Schedule s =
          Schedule.builder(UTC)
              .weeklyHours(
                  WeeklyHours.builder()
                      .add(EnumSet.allOf(java.time.DayOfWeek.class), "12:00", "14:00")
                      .build())
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 5, 1, 12, 0),
                      Duration.ofHours(1),
                      "FREQ=DAILY;COUNT=4"))
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 5, 1, 13, 0),
                      Duration.ofHours(1),
                      "FREQ=DAILY;UNTIL=20260502"))
              .build();
      AppointmentType hour = type(60).build();
      // COUNT=4 covers 12:00 on May 1–4; UNTIL covers 13:00 on May 1–2
      assertThat(
              isoStarts(
                  engine.slots(
                      resource(s),
                      hour,
                      LocalDate.of(2026, 5, 1),
                      LocalDate.of(2026, 5, 6),
                      LONG_AGO)))
          .containsExactly(
              "2026-05-03T13:00:00Z", "2026-05-04T13:00:00Z",
              "2026-05-05T12:00:00Z", "2026-05-05T13:00:00Z",
              "2026-05-06T12:00:00Z", "2026-05-06T13:00:00Z");
    }

    @Test
    void recurringTimeOffWithASubSecondStartKeepsItsWholeLength() {
      // 09:30:00.5 for 30 minutes ends half a second into the 10:00 slot
      Schedule s =
          mondays("09:00", "11:00").toBuilder()
              .timeOff(
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 5, 4, 9, 30, 0, 500_000_000),
                      Duration.ofMinutes(30),
                      "FREQ=DAILY"))
              .build();
      assertThat(isoStarts(monday(resource(s), t)))
          .containsExactlyElementsOf(times("09:00", "10:30"));
    }

    @Test
    void badRecurrenceRulesAreRefusedUpFront() {
      assertThatThrownBy(
              () ->
                  TimeOff.recurring(
                      LocalDateTime.of(2026, 5, 4, 12, 0), Duration.ofHours(1), "FREQ=SOMETIMES"))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeOff.rrule"));
      assertThatThrownBy(() -> TimeOff.between(at("10:00"), at("10:00")))
          .isInstanceOf(ValidationException.class);
    }
  }

  @Nested
  class Refusals {
    private final AppointmentType t =
        type(30)
            .minimumNotice(Duration.ofHours(1))
            .horizon(Duration.ofDays(1))
            .maxPerDay(2)
            .build();
    private final Instant now = utc("2026-05-04T08:30:00Z");

    private Optional<SlotRefusal> check(ResourceAvailability r, String hhmm) {
      return engine.check(r, t, at(hhmm), now);
    }

    @Test
    void eachRuleHasItsReason() {
      ResourceAvailability r =
          resource(
              mondays("09:00", "12:00").toBuilder()
                  .timeOff(TimeOff.between(at("11:00"), at("11:30")))
                  .build(),
              booked(t, at("10:00")));
      assertThat(check(r, "10:30")).isEmpty();
      assertThat(check(r, "09:00")).contains(SlotRefusal.TOO_SOON);
      assertThat(check(r, "10:00")).contains(SlotRefusal.BUSY);
      assertThat(check(r, "11:00")).contains(SlotRefusal.BUSY);
      assertThat(check(r, "08:00")).contains(SlotRefusal.OUTSIDE_HOURS);
      assertThat(check(r, "11:45")).contains(SlotRefusal.OUTSIDE_HOURS); // off the grid
      assertThat(check(r, "12:00")).contains(SlotRefusal.OUTSIDE_HOURS); // would end after 12:00
      assertThat(engine.check(r, t, at("10:30").plusMillis(1), now))
          .contains(SlotRefusal.OUTSIDE_HOURS);
      assertThat(engine.check(r, t, utc("2026-05-11T10:30:00Z"), now))
          .contains(SlotRefusal.BEYOND_HORIZON);
      ResourceAvailability capped =
          resource(mondays("09:00", "12:00"), booked(t, at("09:30")), booked(t, at("10:00")));
      assertThat(check(capped, "11:00")).contains(SlotRefusal.DAILY_LIMIT);
      for (SlotRefusal reason : SlotRefusal.values()) {
        assertThat(reason.description()).isNotBlank();
      }
    }

    @Test
    void seatedRefusals() {
      AppointmentType group = type(30).seats(2).build();
      ResourceAvailability r =
          resource(
              mondays("09:00", "12:00"),
              booked(group, at("09:00")),
              booked(group, at("09:00")),
              booked(group, at("10:00")));
      assertThat(engine.check(r, group, at("09:00"), LONG_AGO)).contains(SlotRefusal.FULL);
      assertThat(engine.check(r, group, at("10:00"), LONG_AGO)).isEmpty();
      assertThat(monday(r, group))
          .filteredOn(s -> s.start().equals(at("10:00")))
          .extracting(TimeSlot::remainingSeats)
          .containsExactly(1);
    }
  }

  @Nested
  class Teams {
    private final ResourceId bea = ResourceId.of("bea");
    private final AppointmentType group = type(60).seats(3).build();
    private final ResourceAvailability ana =
        resource(mondays("09:00", "12:00"), booked(group, at("10:00")));
    private final ResourceAvailability beaAvailability =
        ResourceAvailability.of(
            bea,
            mondays("10:00", "13:00"),
            List.of(
                booked(group, at("10:00")),
                booked(group, at("10:00")),
                booked(group, at("11:00"))));

    @Test
    void anyOfListsEachStartOnceWithTheFreeMembersAndTheMostSeats() {
      List<TimeSlot> slots = engine.anyOf(List.of(ana, beaAvailability), group, MON, MON, LONG_AGO);
      assertThat(slots)
          .containsExactly(
              new TimeSlot(at("09:00"), at("10:00"), 3, List.of(ANA)),
              new TimeSlot(at("10:00"), at("11:00"), 2, List.of(ANA, bea)),
              new TimeSlot(at("11:00"), at("12:00"), 3, List.of(ANA, bea)),
              new TimeSlot(at("12:00"), at("13:00"), 3, List.of(bea)));
      // members keep the order given
      assertThat(
              engine
                  .anyOf(List.of(beaAvailability, ana), group, MON, MON, LONG_AGO)
                  .get(1)
                  .resources())
          .containsExactly(bea, ANA);
    }

    @Test
    void allOfOffersOnlyStartsWhereEveryoneIsFreeWithTheFewestSeats() {
      List<TimeSlot> slots = engine.allOf(List.of(ana, beaAvailability), group, MON, MON, LONG_AGO);
      assertThat(slots)
          .containsExactly(
              new TimeSlot(at("10:00"), at("11:00"), 1, List.of(ANA, bea)),
              new TimeSlot(at("11:00"), at("12:00"), 2, List.of(ANA, bea)));
    }

    @Test
    void aTeamQueryIsCheckedLikeAResourceQuery() {
      assertThatThrownBy(
              () ->
                  engine.anyOf(
                      List.of(ana, beaAvailability), group, MON, MON.minusDays(1), LONG_AGO))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
      assertThatThrownBy(() -> engine.allOf(List.of(ana, beaAvailability), group, MON, MON, null))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("now"));
    }

    @Test
    void anEmptyTeamIsRefused() {
      assertThatThrownBy(() -> engine.anyOf(List.of(), group, MON, MON, LONG_AGO))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("members"));
    }
  }

  @Test
  void badQueriesAreRefusedNamingTheField() {
    ResourceAvailability r = resource(mondays("09:00", "10:00"));
    AppointmentType t = type(30).build();
    assertThatThrownBy(() -> engine.slots(r, t, MON, MON.minusDays(1), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
    assertThatThrownBy(() -> engine.slots(r, t, MON, MON.plusYears(11), LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
    assertThatThrownBy(() -> engine.slots(r, t, MON, MON, null))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("now"));
    assertThatThrownBy(() -> engine.check(r, t, null, LONG_AGO))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("start"));
  }

  @Test
  void theEngineIsPureSameInputsSameSlots() {
    ResourceAvailability r =
        resource(mondays("09:00", "17:00"), booked(type(30).build(), at("12:00")));
    AppointmentType t = type(30).build();
    List<TimeSlot> first = monday(r, t);
    assertThat(monday(r, t)).isEqualTo(first);
    assertThat(SlotEngine.create().slots(r, t, MON, MON, LONG_AGO)).isEqualTo(first);
    assertThat(first)
        .hasSize(15)
        .allSatisfy(
            s -> {
              assertThat(s.resources()).containsExactly(ANA);
              assertThat(s.duration()).isEqualTo(Duration.ofMinutes(30));
            });
  }

  /** Edges found by mutation testing (issue 24). */
  @Nested
  class Edges {
    @Test
    void checkValidatesItsArgumentsLikeSlots() {
      ResourceAvailability r = resource(mondays("09:00", "10:00"));
      AppointmentType t = type(30).build();
      assertThatThrownBy(() -> engine.check(null, t, at("09:00"), LONG_AGO))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("resource"));
      assertThatThrownBy(() -> engine.check(r, null, at("09:00"), LONG_AGO))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("appointmentType"));
      assertThatThrownBy(() -> engine.check(r, t, at("09:00"), null))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("now"));
    }

    @Test
    void aQuerySpansAtMostTenYearsOf3660Days() {
      ResourceAvailability closed = resource(Schedule.builder(UTC).build());
      AppointmentType t = type(30).build();
      assertThat(engine.slots(closed, t, MON, MON.plusDays(3660), LONG_AGO)).isEmpty();
      assertThatThrownBy(() -> engine.slots(closed, t, MON, MON.plusDays(3661), LONG_AGO))
          .isInstanceOfSatisfying(
              ValidationException.class, e -> assertThat(e.field()).isEqualTo("to"));
    }

    /**
     * A booking ending at 09:59:59.7 with a 0.5 s after-buffer is busy until 10:00:00.2, so the
     * 10:00 start is taken: the fractions add up past a whole second and the end rounds up.
     */
    @Test
    void fractionsOfASecondInAnEndAndItsBufferAddUp() {
      AppointmentType t = type(30).build();
      Duration length = Duration.ofMinutes(60).minusMillis(300);
      Duration after = Duration.ofMillis(500);
      Appointment a = appointment(OTHER, at("09:00"), length, Duration.ZERO, after, SCHEDULED);
      ResourceAvailability r = resource(mondays("09:00", "12:00"), a);
      assertThat(isoStarts(monday(r, t))).isEqualTo(times("10:30", "11:00", "11:30"));
      assertThat(engine.check(r, t, at("10:00"), LONG_AGO)).contains(SlotRefusal.BUSY);
    }

    /**
     * Three overlapping windows on the night Paris falls back (Sunday 2026-10-25), with notice and
     * horizon leaving one candidate in each: the first window spans the change (walked start by
     * start), the second lists 01:35 only. The third opens at 01:32, before that 01:35: the busy
     * pointers, moved on for 01:35, must be moved back for it, so the booking 01:33-01:35 still
     * blocks 01:32.
     */
    @Test
    void aWindowOpeningBeforeTheLastListedStartLooksBackAtBusyTime() {
      ZoneId paris = ZoneId.of("Europe/Paris");
      WeeklyHours.Builder hours = WeeklyHours.builder();
      for (String[] range :
          new String[][] {{"01:00", "04:00"}, {"01:05", "01:45"}, {"01:32", "01:50"}}) {
        hours.add(SUNDAY, range[0], range[1]);
      }
      Schedule overlapping = Schedule.builder(paris).weeklyHours(hours.build()).build();
      LocalDate sunday = LocalDate.of(2026, 10, 25);
      Instant oneAm = sunday.atTime(1, 0).atZone(paris).toInstant();
      Duration none = Duration.ZERO;
      Instant busyStart = oneAm.plusSeconds(33 * 60);
      Appointment busy =
          appointment(OTHER, busyStart, Duration.ofMinutes(2), none, none, SCHEDULED);
      AppointmentType t =
          type(10)
              .step(Duration.ofMinutes(30))
              .minimumNotice(Duration.ofMinutes(25))
              .horizon(Duration.ofMinutes(45))
              .build();
      ResourceAvailability r = resource(overlapping, busy);
      assertThat(engine.slots(r, t, sunday, sunday, oneAm))
          .extracting(TimeSlot::start)
          .containsExactly(oneAm.plusSeconds(35 * 60));
    }

    /** After 2038 a start needs more than 31 bits: a team is merged there as anywhere else. */
    @Test
    void aTeamAfter2038IsMergedLikeAnyOther() {
      LocalDate monday2040 = LocalDate.of(2040, 5, 7);
      Instant now = utc("2040-01-01T00:00:00Z");
      Schedule hours =
          Schedule.builder(UTC)
              .weeklyHours(WeeklyHours.builder().add(MONDAY, "09:00", "10:00").build())
              .build();
      Schedule later =
          Schedule.builder(UTC)
              .weeklyHours(WeeklyHours.builder().add(MONDAY, "09:30", "11:00").build())
              .build();
      List<ResourceAvailability> team =
          List.of(
              ResourceAvailability.of(ANA, hours, List.of()),
              ResourceAvailability.of(ResourceId.of("ben"), later, List.of()));
      AppointmentType t = type(30).build();
      assertThat(engine.anyOf(team, t, monday2040, monday2040, now))
          .extracting(s -> s.start() + " " + s.resources().stream().map(ResourceId::value).toList())
          .containsExactly(
              "2040-05-07T09:00:00Z [ana]",
              "2040-05-07T09:30:00Z [ana, ben]",
              "2040-05-07T10:00:00Z [ben]",
              "2040-05-07T10:30:00Z [ben]");
      assertThat(engine.allOf(team, t, monday2040, monday2040, now))
          .extracting(s -> s.start().toString())
          .containsExactly("2040-05-07T09:30:00Z");
    }
  }
}
