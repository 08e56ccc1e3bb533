package dev.cita.scheduling.assistant;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * A chain with a branch in Santiago (listed first) and one in Bogotá, two hours behind in March:
 * times at the Bogotá branch are offered, read and listed in Bogotá's zone, not the first branch's.
 * "Now" is Monday 2 March 2026, 09:00 in Santiago (07:00 in Bogotá).
 */
class BranchZonesDialogueTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final ZoneId BOGOTA = ZoneId.of("America/Bogota");
  static final TenantId CHAIN = TenantId.of("cadena");
  static final ResourceId ANA = ResourceId.of("ana");
  static final ResourceId LUIS = ResourceId.of("luis");
  static final String PHONE = "+56912345678";
  static final Locale ES = Locale.forLanguageTag("es");
  static final AppointmentType CUT =
      AppointmentType.builder("corte", "Corte", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(60))
          .build();

  final TestClock clock =
      new TestClock(LocalDateTime.parse("2026-03-02T09:00").atZone(SANTIAGO).toInstant());
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final BookingAssistant assistant;

  BranchZonesDialogueTest() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveSchedule(CHAIN, ANA, weekdayMornings(SANTIAGO));
    schedules.saveSchedule(CHAIN, LUIS, weekdayMornings(BOGOTA));
    schedules.saveAppointmentType(CHAIN, CUT);
    BookingService service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .build();
    Catalogue catalogue =
        Catalogue.builder()
            .branch(Branch.of("scl", "Santiago", CHAIN, SANTIAGO))
            .branch(Branch.of("bog", "Bogotá", CHAIN, BOGOTA))
            .service(Service.of(CUT.id(), "Corte"))
            .professional(Professional.of(ANA, "Ana Pérez"))
            .professional(Professional.of(LUIS, "Luis Gómez"))
            .offers("scl", CUT.id(), ANA)
            .offers("bog", CUT.id(), LUIS)
            .build();
    assistant =
        BookingAssistant.builder(service)
            .clock(clock)
            .catalogue(CHAIN, catalogue)
            .maxOptions(3)
            .build();
  }

  private static Schedule weekdayMornings(ZoneId zone) {
    return Schedule.builder(zone)
        .weeklyHours(
            WeeklyHours.builder().add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00").build())
        .build();
  }

  private String say(String text) {
    return assistant.handle(CHAIN, PHONE, "María", text, ES).text();
  }

  @Test
  void aBogotaBookingIsOfferedReadAndListedInBogotaTime() {
    String offer = say("quiero un corte en bogota mañana a las 10");

    assertThat(offer).contains("10:00").doesNotContain("12:00");

    String booked = say("sí");

    assertThat(booked).contains("10:00").doesNotContain("12:00");
    List<Appointment> held =
        appointments.findTimeHolding(
            CHAIN, LUIS, clock.instant(), clock.instant().plus(Duration.ofDays(7)));
    assertThat(held)
        .extracting(Appointment::start)
        .containsExactly(Instant.parse("2026-03-03T15:00:00Z"));

    String mine = say("mis citas");

    assertThat(mine).contains("10:00").doesNotContain("12:00");
  }

  @Test
  void timesListedForTheBogotaBranchArePickedByTheirBogotaHour() {
    String offer = say("quiero un corte en bogota mañana");

    assertThat(offer).contains("9:00").contains("9:30");

    String confirm = say("a las 9:30");

    assertThat(confirm).contains("9:30");
    assertThat(say("sí")).contains("9:30");
    assertThat(
            appointments.findTimeHolding(
                CHAIN, LUIS, clock.instant(), clock.instant().plus(Duration.ofDays(7))))
        .extracting(Appointment::start)
        .containsExactly(Instant.parse("2026-03-03T14:30:00Z"));
  }
}
