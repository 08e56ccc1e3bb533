package dev.cita.scheduling.sync;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.CalendarProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A clinic in Santiago whose bookings go to a fake Google calendar: Ana works weekdays 09:00–13:00.
 * "Now" is Monday 2 March 2026, 09:00 local, on a {@link TestClock}.
 */
final class SyncFixture {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("ana");
  static final LocalDate TUE = LocalDate.of(2026, 3, 3);
  static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  static final AppointmentType CONSULT =
      AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30)).build();
  static final Duration LEASE = Duration.ofMinutes(1);

  final TestClock clock = new TestClock(NOW);
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final InMemoryCalendarProvider google = new InMemoryCalendarProvider("google");
  final BookingService service;

  SyncFixture() {
    schedules.saveSchedule(
        TENANT,
        ANA,
        Schedule.builder(SANTIAGO)
            .weeklyHours(
                WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00").build())
            .build());
    schedules.saveAppointmentType(TENANT, CONSULT);
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .calendarProvider(google)
            .build();
  }

  /** A worker pushing to {@code provider} (the fake Google by default) with a seeded jitter. */
  SyncWorker.Builder worker(String id, CalendarProvider provider) {
    return SyncWorker.builder()
        .clock(clock)
        .appointmentStore(appointments)
        .outboxStore(appointments.outbox())
        .provider(provider)
        .workerId(id)
        .lease(LEASE)
        .random(new SplittableRandom(42));
  }

  SyncWorker worker(String id) {
    return worker(id, google).build();
  }

  /** Books Ana on {@code date} at the local {@code time}. */
  Appointment book(LocalDate date, String time) {
    Instant start = ZonedDateTime.of(date, LocalTime.parse(time), SANTIAGO).toInstant();
    return service.book(
        BookingRequest.builder(
                TENANT,
                ANA,
                CONSULT.id(),
                start,
                Attendee.builder("Camila Rojas").phone("+56912345678").build())
            .build());
  }

  Appointment book(String time) {
    return book(TUE, time);
  }

  Appointment current(Appointment a) {
    return appointments.find(TENANT, a.id()).orElseThrow();
  }

  List<OutboxEntry> entries() {
    return appointments.outbox().entries(TENANT);
  }

  List<OutboxEntry> entriesOf(Appointment a) {
    return entries().stream().filter(e -> e.appointmentId().equals(a.id())).toList();
  }

  OutboxEntry only(Appointment a) {
    List<OutboxEntry> of = entriesOf(a);
    if (of.size() != 1) {
      throw new AssertionError("expected one entry of " + a.id() + ", got " + of);
    }
    return of.get(0);
  }

  /**
   * Runs the worker, moving the clock to the next retry whenever nothing is due, until nothing is
   * due and no retry is scheduled (entries blocked behind a dead one stay PENDING).
   */
  void runUntilSettled(SyncWorker worker, int maxRounds) {
    for (int i = 0; i < maxRounds; i++) {
      if (worker.runOnce() > 0) {
        continue;
      }
      Instant now = clock.instant();
      Instant next =
          entries().stream()
              .filter(e -> e.status() == OutboxStatus.PENDING)
              .map(OutboxEntry::nextAttemptAt)
              .filter(t -> t.isAfter(now))
              .min(Instant::compareTo)
              .orElse(null);
      if (next == null) {
        return;
      }
      clock.set(next);
    }
    throw new AssertionError("outbox not settled after " + maxRounds + " rounds: " + entries());
  }
}
