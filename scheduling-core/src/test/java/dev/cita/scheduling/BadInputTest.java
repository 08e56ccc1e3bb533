package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.NOW;
import static dev.cita.scheduling.BookingFixture.SANTIAGO;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.WED;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.attendee;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.availability.LocalTimeRange;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.TimeOff;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TimeInterval;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad input gets a typed error naming the field, and changes nothing. Every test starts with one
 * booked appointment and checks afterwards that it is the only one and is exactly as it was.
 */
class BadInputTest {
  private BookingFixture fx;
  private BookingService service;
  private Appointment existing;

  /**
   * Appointments a test stored on purpose to set up an illegal move (the move itself must add
   * none).
   */
  private int storedForSetUp;

  @BeforeEach
  void setUp() {
    fx = new BookingFixture();
    service = fx.service();
    existing =
        service.book(request(at(TUE, "10:00"), "Camila Rojas").idempotencyKey("first").build());
  }

  @AfterEach
  void nothingChanged() {
    assertThat(fx.appointments.size()).as("appointments stored").isEqualTo(1 + storedForSetUp);
    assertThat(service.appointment(TENANT, existing.id()))
        .as("the existing appointment")
        .contains(existing);
    assertThat(fx.idempotency.find(TENANT, "first")).isPresent();
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isExactlyInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              assertThat(((ValidationException) e).field()).isEqualTo(field);
              assertThat(e.getMessage()).startsWith(field + ": ");
            });
  }

  // --- null request fields -------------------------------------------------------------------

  @Test
  void nullRequest() {
    assertField(() -> service.book(null), "request");
  }

  @Test
  void nullTenant() {
    assertField(
        () ->
            BookingRequest.builder(null, ANA, CONSULT.id(), at(WED, "10:00"), attendee("Pedro"))
                .build(),
        "booking.tenant");
  }

  @Test
  void nullResource() {
    assertField(
        () ->
            BookingRequest.builder(TENANT, null, CONSULT.id(), at(WED, "10:00"), attendee("Pedro"))
                .build(),
        "booking.resource");
  }

  @Test
  void nullType() {
    assertField(
        () ->
            BookingRequest.builder(TENANT, ANA, null, at(WED, "10:00"), attendee("Pedro")).build(),
        "booking.type");
  }

  @Test
  void nullStart() {
    assertField(
        () -> BookingRequest.builder(TENANT, ANA, CONSULT.id(), null, attendee("Pedro")).build(),
        "booking.start");
  }

  @Test
  void nullAttendee() {
    assertField(
        () -> BookingRequest.builder(TENANT, ANA, CONSULT.id(), at(WED, "10:00"), null).build(),
        "booking.attendee");
  }

  @Test
  void blankIdempotencyKey() {
    assertField(
        () -> request(at(WED, "10:00"), "Pedro").idempotencyKey("  ").build(), "idempotencyKey");
  }

  @Test
  void overlongIdempotencyKey() {
    assertField(
        () -> request(at(WED, "10:00"), "Pedro").idempotencyKey("k".repeat(256)).build(),
        "idempotencyKey");
  }

  @Test
  void nullQuery() {
    assertField(() -> service.findSlots(null), "query");
  }

  @Test
  void nullRescheduleTarget() {
    assertField(() -> service.reschedule(TENANT, existing.id(), null), "newStart");
  }

  @Test
  void nullAppointmentIdOnCancel() {
    assertField(() -> service.cancel(TENANT, null), "appointmentId");
  }

  @Test
  void blankIds() {
    assertField(() -> AppointmentId.of(" "), "appointmentId");
    assertField(() -> ResourceId.of(""), "resourceId");
    assertField(() -> AppointmentTypeId.of(null), "appointmentTypeId");
  }

  // --- appointment types -----------------------------------------------------------------------

  @Test
  void zeroDuration() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ZERO).build(), "appointmentType.duration");
  }

  @Test
  void negativeDuration() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ofMinutes(-30)).build(),
        "appointmentType.duration");
  }

  @Test
  void fractionalDuration() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ofMillis(1500)).build(),
        "appointmentType.duration");
  }

  @Test
  void zeroStep() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ofMinutes(30)).step(Duration.ZERO).build(),
        "appointmentType.step");
  }

  @Test
  void negativeStep() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .step(Duration.ofMinutes(-15))
                .build(),
        "appointmentType.step");
  }

  @Test
  void negativeBufferBefore() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .bufferBefore(Duration.ofMinutes(-5))
                .build(),
        "appointmentType.bufferBefore");
  }

  @Test
  void negativeBufferAfter() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .bufferAfter(Duration.ofMinutes(-5))
                .build(),
        "appointmentType.bufferAfter");
  }

  @Test
  void bufferBeyondTheMaximum() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .bufferAfter(AppointmentType.MAX_BUFFER.plusSeconds(1))
                .build(),
        "appointmentType.bufferAfter");
  }

  @Test
  void zeroSeats() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ofMinutes(30)).seats(0).build(),
        "appointmentType.seats");
  }

  @Test
  void negativeMaxPerDay() {
    assertField(
        () -> AppointmentType.builder("x", "X", Duration.ofMinutes(30)).maxPerDay(-1),
        "appointmentType.maxPerDay");
  }

  @Test
  void negativeMinimumNotice() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .minimumNotice(Duration.ofHours(-1))
                .build(),
        "appointmentType.minimumNotice");
  }

  @Test
  void zeroHorizon() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .horizon(Duration.ZERO)
                .build(),
        "appointmentType.horizon");
  }

  // --- time values -----------------------------------------------------------------------------

  @Test
  void zeroLengthOpeningHours() {
    assertField(() -> LocalTimeRange.of("09:00", "09:00"), "hours.end");
  }

  @Test
  void openingHoursThatAreNotATime() {
    assertField(() -> LocalTimeRange.of("9h", "17:00"), "hours.start");
  }

  @Test
  void intervalEndingBeforeItStarts() {
    assertField(() -> TimeInterval.of(at(WED, "10:00"), at(WED, "09:00")), "interval.end");
  }

  @Test
  void emptyInterval() {
    assertField(() -> TimeInterval.of(at(WED, "10:00"), at(WED, "10:00")), "interval.end");
  }

  @Test
  void appointmentEndingBeforeItStarts() {
    assertField(
        () -> existing.toBuilder().end(existing.start().minusSeconds(60)).build(),
        "appointment.end");
  }

  @Test
  void appointmentEndingWhenItStarts() {
    assertField(() -> existing.toBuilder().end(existing.start()).build(), "appointment.end");
  }

  @Test
  void queryEndingBeforeItStarts() {
    assertField(() -> SlotQuery.forResource(TENANT, ANA, CONSULT.id(), WED, TUE), "query.to");
  }

  @Test
  void teamQueryWithoutMembers() {
    assertField(
        () -> SlotQuery.anyOf(TENANT, List.of(), CONSULT.id(), TUE, WED), "query.resources");
  }

  @Test
  void startWithFractionalSeconds() {
    Instant start = at(WED, "10:00").plusMillis(500);
    assertField(() -> service.book(request(start, "Pedro").build()), "booking.start");
  }

  @Test
  void rescheduleToAStartWithFractionalSeconds() {
    assertField(
        () -> service.reschedule(TENANT, existing.id(), at(WED, "10:00").plusNanos(1)), "newStart");
  }

  @Test
  void startAtTheEndOfTimeIsBadInputAndLeavesNoKeyClaimed() {
    Instant endOfTime = Instant.ofEpochSecond(Instant.MAX.getEpochSecond());
    assertField(
        () -> service.book(request(endOfTime, "Pedro").idempotencyKey("far").build()),
        "booking.start");
    assertThat(fx.idempotency.find(TENANT, "far")).isEmpty();
  }

  @Test
  void startAtTheBeginningOfTimeIsBadInput() {
    Instant beginning = Instant.ofEpochSecond(Instant.MIN.getEpochSecond());
    assertField(
        () -> service.book(request(beginning, "Pedro").idempotencyKey("far").build()),
        "booking.start");
    assertThat(fx.idempotency.find(TENANT, "far")).isEmpty();
  }

  @Test
  void rescheduleToTheEndOfTime() {
    assertField(
        () ->
            service.reschedule(
                TENANT, existing.id(), Instant.ofEpochSecond(Instant.MAX.getEpochSecond())),
        "newStart");
  }

  @Test
  void queryForDatesAtTheEndOfTime() {
    assertField(
        () ->
            service.findSlots(
                SlotQuery.forResource(
                    TENANT, ANA, CONSULT.id(), java.time.LocalDate.MAX, java.time.LocalDate.MAX)),
        "query");
  }

  @Test
  void horizonBeyondTenYears() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .horizon(Duration.ofSeconds(Long.MAX_VALUE))
                .build(),
        "appointmentType.horizon");
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .horizon(AppointmentType.MAX_HORIZON.plusSeconds(1))
                .build(),
        "appointmentType.horizon");
  }

  @Test
  void minimumNoticeBeyondTenYears() {
    assertField(
        () ->
            AppointmentType.builder("x", "X", Duration.ofMinutes(30))
                .minimumNotice(AppointmentType.MAX_HORIZON.plusSeconds(1))
                .build(),
        "appointmentType.minimumNotice");
  }

  // --- attendees -------------------------------------------------------------------------------

  @Test
  void phoneWithoutCountryCode() {
    assertField(() -> Attendee.builder("Pedro").phone("912345678").build(), "attendee.phone");
  }

  @Test
  void phoneWithSpaces() {
    assertField(() -> Attendee.builder("Pedro").phone("+56 9 1234 5678").build(), "attendee.phone");
  }

  @Test
  void phoneStartingWithZero() {
    assertField(() -> Attendee.builder("Pedro").phone("+0912345678").build(), "attendee.phone");
  }

  @Test
  void rejectedPhoneIsNotEchoedInTheMessage() {
    assertThatThrownBy(() -> Attendee.builder("Pedro").phone("56987654321").build())
        .isInstanceOf(ValidationException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("56987654321"));
  }

  @Test
  void emailWithoutAt() {
    assertField(
        () -> Attendee.builder("Pedro").email("pedro.example.cl").build(), "attendee.email");
  }

  @Test
  void emailWithoutDomain() {
    assertField(() -> Attendee.builder("Pedro").email("pedro@").build(), "attendee.email");
  }

  @Test
  void blankAttendeeName() {
    assertField(() -> Attendee.builder(" ").build(), "attendee.name");
  }

  // --- schedules -------------------------------------------------------------------------------

  @Test
  void unknownZoneId() {
    assertThatThrownBy(() -> Schedule.builder("Mars/Olympus"))
        .isExactlyInstanceOf(ValidationException.class)
        .satisfies(
            e -> {
              assertThat(((ValidationException) e).field()).isEqualTo("schedule.zone");
              assertThat(e.getMessage()).contains("Mars/Olympus");
            });
  }

  @Test
  void invalidRecurrenceRule() {
    assertField(
        () ->
            TimeOff.recurring(
                LocalDateTime.of(2026, 3, 2, 13, 0), Duration.ofHours(1), "FREQ=NEVER"),
        "timeOff.rrule");
  }

  @Test
  void recurrenceRuleWithoutFrequency() {
    assertField(
        () ->
            TimeOff.recurring(
                LocalDateTime.of(2026, 3, 2, 13, 0), Duration.ofHours(1), "BYDAY=MO,TU"),
        "timeOff.rrule");
  }

  @Test
  void timeOffEndingBeforeItStarts() {
    assertField(() -> TimeOff.between(at(WED, "10:00"), at(WED, "09:00")), "timeOff.end");
  }

  // --- unknown references ------------------------------------------------------------------------

  @Test
  void unknownAppointmentTypeOnBook() {
    assertThatThrownBy(
            () ->
                service.book(
                    BookingRequest.builder(
                            TENANT,
                            ANA,
                            AppointmentTypeId.of("massage"),
                            at(WED, "10:00"),
                            attendee("Pedro"))
                        .build()))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("appointment type")
        .hasMessageContaining("massage");
  }

  @Test
  void unknownAppointmentTypeOnFindSlots() {
    assertThatThrownBy(
            () ->
                service.findSlots(
                    SlotQuery.forResource(TENANT, ANA, AppointmentTypeId.of("massage"), TUE, WED)))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("massage");
  }

  @Test
  void unknownResourceScheduleOnBook() {
    assertThatThrownBy(
            () ->
                service.book(
                    request(ResourceId.of("carla"), CONSULT, at(WED, "10:00"), "Pedro").build()))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("schedule")
        .hasMessageContaining("carla");
  }

  @Test
  void unknownResourceScheduleOnFindSlots() {
    assertThatThrownBy(
            () ->
                service.findSlots(
                    SlotQuery.forResource(TENANT, ResourceId.of("carla"), CONSULT.id(), TUE, WED)))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("carla");
  }

  @Test
  void unknownAppointmentId() {
    AppointmentId ghost = AppointmentId.of("does-not-exist");
    assertThatThrownBy(() -> service.cancel(TENANT, ghost))
        .isExactlyInstanceOf(NotFoundException.class)
        .hasMessageContaining("does-not-exist");
    assertThatThrownBy(() -> service.confirm(TENANT, ghost))
        .isExactlyInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.markNoShow(TENANT, ghost))
        .isExactlyInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> service.reschedule(TENANT, ghost, at(WED, "10:00")))
        .isExactlyInstanceOf(NotFoundException.class);
    assertThat(service.appointment(TENANT, ghost)).isEmpty();
  }

  // --- illegal moves -----------------------------------------------------------------------------

  @Test
  void movingACancelledAppointment() {
    Appointment other = service.book(request(at(WED, "10:00"), "Pedro").build());
    storedForSetUp = 1;
    Appointment cancelled = service.cancel(TENANT, other.id());

    assertThatThrownBy(() -> service.reschedule(TENANT, other.id(), at(WED, "11:00")))
        .isExactlyInstanceOf(InvalidTransitionException.class)
        .satisfies(
            e -> {
              assertThat(((InvalidTransitionException) e).from())
                  .isEqualTo(AppointmentStatus.CANCELLED);
              assertThat(((InvalidTransitionException) e).to())
                  .isEqualTo(AppointmentStatus.RESCHEDULED);
            });
    assertThat(service.appointment(TENANT, other.id())).contains(cancelled);
  }

  @Test
  void cancellingACompletedAppointment() {
    Appointment other = service.book(request(at(WED, "10:00"), "Pedro").build());
    storedForSetUp = 1;
    fx.clock.set(at(WED, "10:30"));
    Appointment completed = service.complete(TENANT, other.id());

    assertThatThrownBy(() -> service.cancel(TENANT, other.id()))
        .isExactlyInstanceOf(InvalidTransitionException.class)
        .satisfies(
            e -> {
              assertThat(((InvalidTransitionException) e).from())
                  .isEqualTo(AppointmentStatus.COMPLETED);
              assertThat(((InvalidTransitionException) e).to())
                  .isEqualTo(AppointmentStatus.CANCELLED);
              assertThat(e.getMessage()).contains("COMPLETED is final");
            });
    assertThat(service.appointment(TENANT, other.id())).contains(completed);
  }

  @Test
  void noShowBeforeTheStart() {
    assertThat(fx.clock.instant()).isEqualTo(NOW).isBefore(existing.start());
    assertThatThrownBy(() -> service.markNoShow(TENANT, existing.id()))
        .isExactlyInstanceOf(InvalidTransitionException.class)
        .hasMessageContaining("not started");
  }

  @Test
  void idempotencyKeyReusedForAnotherRequest() {
    assertThatThrownBy(
            () -> service.book(request(at(WED, "10:00"), "Pedro").idempotencyKey("first").build()))
        .isExactlyInstanceOf(IdempotencyKeyReusedException.class)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo("idempotencyKey"));
  }

  @Test
  void appointmentFromADifferentZoneIsStillCheckedInTheResourceZone() {
    // A request with a display zone other than the resource's does not change which hours apply.
    assertThatThrownBy(
            () ->
                service.book(
                    request(at(WED, "08:00"), "Pedro")
                        .displayZone(java.time.ZoneId.of("Europe/Madrid"))
                        .build()))
        .isExactlyInstanceOf(SlotUnavailableException.class);
    assertThat(SANTIAGO.getRules().getOffset(NOW).getTotalSeconds()).isEqualTo(-3 * 3600);
  }
}
