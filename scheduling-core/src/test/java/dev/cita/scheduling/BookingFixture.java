package dev.cita.scheduling;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryIdempotencyStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;

/**
 * A clinic in Santiago: Ana and Ben work Monday to Friday 09:00–13:00 local time. "Now" is Monday 2
 * March 2026, 09:00 in Santiago (UTC-3, summer time), on a {@link TestClock}.
 */
final class BookingFixture {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final TenantId OTHER_TENANT = TenantId.of("clinica-sur");
  static final ResourceId ANA = ResourceId.of("ana");
  static final ResourceId BEN = ResourceId.of("ben");
  static final LocalDate MON = LocalDate.of(2026, 3, 2);
  static final LocalDate TUE = MON.plusDays(1);
  static final LocalDate WED = MON.plusDays(2);

  /** Monday 2 March 2026, 09:00 in Santiago. */
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  /** 30 minutes, two hours' notice, bookable up to 14 days ahead. */
  static final AppointmentType CONSULT =
      AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(14))
          .build();

  final TestClock clock = new TestClock(NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final InMemoryIdempotencyStore idempotency = new InMemoryIdempotencyStore();

  BookingFixture() {
    schedules.saveSchedule(TENANT, ANA, weekdayMornings());
    schedules.saveSchedule(TENANT, BEN, weekdayMornings());
    schedules.saveAppointmentType(TENANT, CONSULT);
  }

  static Schedule weekdayMornings() {
    return Schedule.builder(SANTIAGO)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00").build())
        .build();
  }

  BookingService.Builder serviceBuilder() {
    return BookingService.builder()
        .clock(clock)
        .appointmentStore(appointments)
        .scheduleStore(schedules)
        .idempotencyStore(idempotency);
  }

  BookingService service() {
    return serviceBuilder().build();
  }

  /** A local wall-clock time in Santiago, as an instant. */
  static Instant at(LocalDate date, String time) {
    return ZonedDateTime.of(date, LocalTime.parse(time), SANTIAGO).toInstant();
  }

  static Attendee attendee(String name) {
    return Attendee.builder(name)
        .email(name.toLowerCase(java.util.Locale.ROOT).replace(' ', '.') + "@example.cl")
        .phone("+56912345678")
        .build();
  }

  static BookingRequest.Builder request(
      ResourceId resource, AppointmentType type, Instant start, String who) {
    return BookingRequest.builder(TENANT, resource, type.id(), start, attendee(who));
  }

  static BookingRequest.Builder request(Instant start, String who) {
    return request(ANA, CONSULT, start, who);
  }
}
