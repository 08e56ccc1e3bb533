package dev.cita.scheduling.assistant.openai;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.BookingAssistant;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.InMemoryConversationStore;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.assistant.TenantBookingConfig;
import dev.cita.scheduling.assistant.tools.BookingTools;
import dev.cita.scheduling.assistant.tools.ToolContext;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * The real tools over a real in-memory booking service: a salon in Santiago with two branches, each
 * a tenant of its own. At Providencia Valentina cuts hair, at Ñuñoa Ana does; both work Monday to
 * Friday 09:00–13:00, and a cut lasts 30 minutes with two hours' notice. "Now" is Monday 2 March
 * 2026, 09:00 (UTC-3). The rule-based fallback books Valentina's cuts at Providencia.
 */
final class TwoBranchSalon {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId PROVIDENCIA = TenantId.of("salon-providencia");
  static final TenantId NUNOA = TenantId.of("salon-nunoa");
  static final ResourceId VALE = ResourceId.of("valentina");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String PHONE = "+56912345678";
  static final String OTHER_PHONE = "+56987654321";
  static final Locale ES = Locale.forLanguageTag("es");
  static final AppointmentType CUT =
      AppointmentType.builder("corte", "Corte", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(60))
          .build();
  static final Clock CLOCK = Clock.fixed(local("2026-03-02T09:00"), SANTIAGO);
  static final Catalogue CATALOGUE =
      Catalogue.builder()
          .branch(Branch.of("providencia", "Providencia", PROVIDENCIA, SANTIAGO))
          .branch(Branch.of("nunoa", "Ñuñoa", NUNOA, SANTIAGO))
          .service(Service.of(CUT.id(), "Corte de pelo", "corte"))
          .professional(Professional.of(VALE, "Valentina Soto"))
          .professional(Professional.of(ANA, "Ana Rojas"))
          .offers("providencia", CUT.id(), VALE)
          .offers("nunoa", CUT.id(), ANA)
          .build();

  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final BookingService service;
  final BookingTools tools;
  final BookingAssistant fallback;

  /** The chat's customer, and another customer of the same salon. */
  final ToolContext me = new ToolContext(CATALOGUE, PHONE, "María", ES);

  final ToolContext other = new ToolContext(CATALOGUE, OTHER_PHONE, "Pedro", ES);

  TwoBranchSalon() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    for (TenantId tenant : List.of(PROVIDENCIA, NUNOA)) {
      for (ResourceId r : List.of(VALE, ANA)) {
        schedules.saveSchedule(
            tenant,
            r,
            Schedule.builder(SANTIAGO)
                .weeklyHours(
                    WeeklyHours.builder()
                        .add(EnumSet.range(MONDAY, FRIDAY), "09:00", "13:00")
                        .build())
                .build());
      }
      schedules.saveAppointmentType(tenant, CUT);
    }
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(CLOCK)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .build();
    tools = BookingTools.builder(service).clock(CLOCK).build();
    fallback =
        BookingAssistant.builder(service)
            .clock(CLOCK)
            .conversationStore(new InMemoryConversationStore())
            .tenant(PROVIDENCIA, TenantBookingConfig.forResource(VALE, CUT.id(), SANTIAGO))
            .build();
  }

  static Instant local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SANTIAGO).toInstant();
  }

  /** Someone books a cut directly, not through the tools. */
  Appointment books(TenantId tenant, ResourceId who, String localDateTime, String phone) {
    return service.book(
        BookingRequest.builder(
                tenant,
                who,
                CUT.id(),
                local(localDateTime),
                Attendee.builder("Someone").phone(phone).build())
            .build());
  }

  /** Every appointment in the store, of both tenants, by start. */
  List<Appointment> stored() {
    Instant from = CLOCK.instant().minus(Duration.ofDays(1));
    Instant to = CLOCK.instant().plus(Duration.ofDays(100));
    return List.of(PROVIDENCIA, NUNOA).stream()
        .flatMap(t -> appointments.findStartingBetween(t, from, to).stream())
        .sorted(Comparator.comparing(Appointment::start))
        .toList();
  }
}
