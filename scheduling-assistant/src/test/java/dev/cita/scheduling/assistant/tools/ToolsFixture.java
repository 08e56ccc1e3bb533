package dev.cita.scheduling.assistant.tools;

import static java.time.DayOfWeek.FRIDAY;
import static java.time.DayOfWeek.MONDAY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.assistant.AssignmentRule;
import dev.cita.scheduling.assistant.Branch;
import dev.cita.scheduling.assistant.Catalogue;
import dev.cita.scheduling.assistant.Professional;
import dev.cita.scheduling.assistant.Service;
import dev.cita.scheduling.availability.Schedule;
import dev.cita.scheduling.availability.WeeklyHours;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.status.AppointmentLifecycle;
import dev.cita.scheduling.testkit.TestClock;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;

/**
 * A salon in Santiago with two branches, each a tenant of its own: at Centro, Valentina and Pedro
 * cut hair and Valentina colours (an hour, starting on the half hour); at Ñuñoa, Ana cuts. Everyone
 * works Monday to Friday 09:00–13:00; a cut lasts 30 minutes with two hours' notice. "Now" is
 * Monday 2 March 2026, 09:00 (UTC-3).
 */
final class ToolsFixture {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId CENTRO = TenantId.of("salon-centro");
  static final TenantId NUNOA = TenantId.of("salon-nunoa");
  static final TenantId ELSEWHERE = TenantId.of("other-business");
  static final ResourceId VALE = ResourceId.of("valentina");
  static final ResourceId PEDRO = ResourceId.of("pedro");
  static final ResourceId ANA = ResourceId.of("ana");
  static final String PHONE = "+56912345678";
  static final String OTHER_PHONE = "+56987654321";
  static final AppointmentType CUT =
      AppointmentType.builder("corte", "Corte", Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(60))
          .build();
  static final AppointmentType COLOUR =
      AppointmentType.builder("color", "Color", Duration.ofMinutes(60))
          .step(Duration.ofMinutes(30))
          .minimumNotice(Duration.ofHours(2))
          .horizon(Duration.ofDays(60))
          .build();
  static final ObjectMapper JSON = new ObjectMapper();

  final TestClock clock = new TestClock(local("2026-03-02T09:00"));
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final BookingService service;
  final BookingTools tools;
  final ToolContext me;
  final ToolContext other;

  ToolsFixture() {
    this(AssignmentRule.FIRST_FREE);
  }

  ToolsFixture(AssignmentRule rule) {
    this(rule, null);
  }

  ToolsFixture(AssignmentRule rule, ProposalStore store) {
    for (TenantId tenant : List.of(CENTRO, NUNOA, ELSEWHERE)) {
      for (ResourceId r : List.of(VALE, PEDRO, ANA)) {
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
      schedules.saveAppointmentType(tenant, COLOUR);
    }
    service =
        BookingService.builder()
            .inMemoryDefaults()
            .clock(clock)
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .build();
    BookingTools.Builder b = BookingTools.builder(service).clock(clock);
    tools = (store == null ? b : b.proposalStore(store)).build();
    Catalogue catalogue = catalogue(rule);
    me = new ToolContext(catalogue, PHONE, "María", Locale.forLanguageTag("es"));
    other = new ToolContext(catalogue, OTHER_PHONE, "Pedro", Locale.forLanguageTag("es"));
  }

  static Catalogue catalogue(AssignmentRule rule) {
    return Catalogue.builder()
        .branch(Branch.of("centro", "Centro", CENTRO, SANTIAGO))
        .branch(Branch.of("nunoa", "Ñuñoa", NUNOA, SANTIAGO))
        .service(Service.of(CUT.id(), "Corte de pelo", "corte"))
        .service(Service.of(COLOUR.id(), "Color"))
        .professional(Professional.of(VALE, "Valentina Soto", "Vale"))
        .professional(Professional.of(PEDRO, "Pedro Díaz"))
        .professional(Professional.of(ANA, "Ana Rojas"))
        .offers("centro", CUT.id(), VALE, PEDRO)
        .offers("centro", COLOUR.id(), VALE)
        .offers("nunoa", CUT.id(), ANA)
        .assignment(rule)
        .build();
  }

  static Instant local(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(SANTIAGO).toInstant();
  }

  /** The tool's result, parsed. */
  JsonNode call(ToolContext who, String tool, String args) {
    return parse(tools.call(who, tool, args));
  }

  JsonNode call(String tool, String args) {
    return call(me, tool, args);
  }

  static JsonNode parse(String json) {
    try {
      return JSON.readTree(json);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Someone books a cut directly (not through the tools). */
  Appointment books(TenantId tenant, ResourceId who, String localDateTime, String phone) {
    return books(CUT, tenant, who, localDateTime, phone);
  }

  /** Someone books directly (not through the tools). */
  Appointment books(
      AppointmentType type, TenantId tenant, ResourceId who, String localDateTime, String phone) {
    return service.book(
        BookingRequest.builder(
                tenant,
                who,
                type.id(),
                local(localDateTime),
                Attendee.builder("Someone").phone(phone).build())
            .build());
  }

  /** Every appointment that holds time, of every tenant and resource, as "tenant/resource@time". */
  List<String> holding() {
    Instant from = clock.instant().minus(Duration.ofDays(1));
    Instant to = clock.instant().plus(Duration.ofDays(100));
    return List.of(CENTRO, NUNOA, ELSEWHERE).stream()
        .flatMap(
            t ->
                List.of(VALE, PEDRO, ANA).stream()
                    .flatMap(r -> appointments.findTimeHolding(t, r, from, to).stream()))
        .filter(a -> AppointmentLifecycle.holdsTime(a.status()))
        .map(
            a ->
                a.tenant().value()
                    + "/"
                    + a.resource().value()
                    + "@"
                    + a.start().atZone(SANTIAGO).toLocalDateTime())
        .toList();
  }
}
