package dev.cita.scheduling.assistant;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * A clinic in Santiago: Ana works Monday to Friday 09:00–13:00; a consult lasts 30 minutes, needs
 * two hours' notice and is bookable 60 days ahead. "Now" starts on Monday 2 March 2026, 09:00
 * (UTC-3, summer time).
 */
final class AssistantFixture {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String PHONE = "+56912345678";
  static final Locale ES = Locale.forLanguageTag("es");
  static final AppointmentType CONSULT =
      AppointmentType.builder("consult", "Consulta", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(60))
          .build();

  final MutableClock clock = new MutableClock(local("2026-03-02T09:00"));
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final InMemoryConversationStore conversations = new InMemoryConversationStore();
  final BookingService service;
  final BookingAssistant assistant;

  AssistantFixture() {
    this(UnaryOperator.identity());
  }

  /** The booking service writes through {@code wrap} applied to {@link #appointments}. */
  AssistantFixture(UnaryOperator<AppointmentStore> wrap) {
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
            .appointmentStore(wrap.apply(appointments))
            .scheduleStore(schedules)
            .build();
    assistant =
        BookingAssistant.builder(service)
            .clock(clock)
            .conversationStore(conversations)
            .tenant(TENANT, TenantBookingConfig.forResource(ANA, CONSULT.id(), SANTIAGO))
            .maxOptions(3)
            .build();
  }

  static Instant local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SANTIAGO).toInstant();
  }

  Reply say(String text, Locale locale) {
    return assistant.handle(TENANT, PHONE, "María", text, locale);
  }

  /** Someone else books this local time directly. */
  Appointment otherBooks(String localDateTime) {
    return service.book(
        BookingRequest.builder(
                TENANT,
                ANA,
                CONSULT.id(),
                local(localDateTime),
                Attendee.builder("Pedro").phone("+56987654321").build())
            .build());
  }

  /** Ana's appointments that hold time in the next 100 days, as local start times. */
  List<String> holding() {
    Instant now = clock.instant();
    return appointments
        .findTimeHolding(TENANT, ANA, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(100)))
        .stream()
        .map(a -> a.start().atZone(SANTIAGO).toLocalDateTime().toString())
        .toList();
  }

  /** A clock tests move by hand. */
  static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return java.time.ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
