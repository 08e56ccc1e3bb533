package dev.cita.scheduling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Collective (all-of) booking, {@link BookingService#bookAllOf}: one appointment holds every
 * member, all or none, each member checked by its own rules (hours, busy time, appointments); it is
 * moved and cancelled as one; providers of every member hear of it.
 */
class CollectiveBookingTest {
  static final TenantId TENANT = TenantId.of("coro");
  static final ResourceId ANA = ResourceId.of("ana");
  static final ResourceId BEN = ResourceId.of("ben");
  static final ResourceId CARL = ResourceId.of("carl");
  static final List<ResourceId> ALL = List.of(ANA, BEN, CARL);
  static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  static final AppointmentType ENSAYO =
      AppointmentType.builder("ensayo", "Ensayo", Duration.ofMinutes(30))
          .minimumNotice(Duration.ZERO)
          .horizon(Duration.ofDays(30))
          .build();
  static final AppointmentType TALLER =
      AppointmentType.builder("taller", "Taller", Duration.ofMinutes(30)).seats(3).build();

  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();

  /** A provider that covers only {@code resource}, with busy time there. */
  record OnlyFor(
      String id, ResourceId resource, List<TimeInterval> busyTime, List<Appointment> created)
      implements CalendarProvider {
    @Override
    public boolean covers(TenantId tenant, ResourceId r) {
      return r.equals(resource);
    }

    @Override
    public List<TimeInterval> busy(TenantId tenant, ResourceId r, TimeInterval range) {
      return r.equals(resource) ? busyTime : List.of();
    }

    @Override
    public String createEvent(Appointment appointment) {
      created.add(appointment);
      return "evt-" + created.size();
    }

    @Override
    public void updateEvent(Appointment appointment, String externalId) {}

    @Override
    public void cancelEvent(Appointment appointment, String externalId) {}
  }

  final OnlyFor carls =
      new OnlyFor("carls-calendar", CARL, List.of(at(11, 0, 60)), new ArrayList<>());
  final BookingService service;

  CollectiveBookingTest() {
    InMemoryScheduleStore schedules = new InMemoryScheduleStore();
    schedules.saveSchedule(TENANT, ANA, hours("08:00", "16:00"));
    schedules.saveSchedule(TENANT, BEN, hours("08:00", "16:00"));
    schedules.saveSchedule(TENANT, CARL, hours("08:00", "12:00")); // mornings only
    schedules.saveAppointmentType(TENANT, ENSAYO);
    schedules.saveAppointmentType(TENANT, TALLER);
    service =
        BookingService.builder()
            .clock(new TestClock(NOW))
            .appointmentStore(appointments)
            .scheduleStore(schedules)
            .idempotencyStore(new InMemoryIdempotencyStore())
            .calendarProvider(carls)
            .build();
  }

  static Schedule hours(String from, String to) {
    return Schedule.builder(ZoneOffset.UTC)
        .weeklyHours(WeeklyHours.builder().add(EnumSet.allOf(DayOfWeek.class), from, to).build())
        .build();
  }

  /** {@code minutes} from hh:mm on 2 March 2026 (UTC). */
  static TimeInterval at(int hour, int minute, int minutes) {
    Instant start = Instant.parse("2026-03-02T00:00:00Z").plusSeconds(hour * 3600L + minute * 60L);
    return TimeInterval.of(start, Duration.ofMinutes(minutes));
  }

  static BookingRequest request(ResourceId host, int hour, int minute) {
    return requestBuilder(host, hour, minute).build();
  }

  static BookingRequest.Builder requestBuilder(ResourceId host, int hour, int minute) {
    return BookingRequest.builder(
        TENANT, host, ENSAYO.id(), at(hour, minute, 30).start(), Attendee.builder("Coro").build());
  }

  List<Appointment> holding(ResourceId r, TimeInterval range) {
    return appointments.findTimeHolding(TENANT, r, range.start(), range.end());
  }

  @Test
  void bookAllOfWritesOneAppointmentHoldingEveryMember() {
    Appointment a = service.bookAllOf(request(BEN, 9, 0), List.of(CARL, BEN, ANA));

    assertThat(a.resource()).as("the request's resource hosts it").isEqualTo(BEN);
    assertThat(a.participants()).containsExactly(ANA, CARL);
    assertThat(appointments.size()).isEqualTo(1);
    for (ResourceId r : ALL) {
      assertThat(holding(r, at(9, 0, 30))).as("held at " + r).containsExactly(a);
    }
    assertThat(service.findSlots(SlotQuery.allOf(TENANT, ALL, ENSAYO.id(), day(), day())))
        .as("a slot list no longer offers 09:00 to the group")
        .noneMatch(s -> s.start().equals(a.start()));
  }

  @Test
  void oneBusyMemberRefusesTheWholeBookingNamingItAndNothingIsWritten() {
    Appointment bens = service.book(request(BEN, 9, 0));

    assertThatThrownBy(() -> service.bookAllOf(request(ANA, 9, 0), ALL))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.resource()).contains(BEN);
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OTHER_APPOINTMENT);
              assertThat(e.getMessage()).contains("ben");
            });

    assertThat(appointments.size()).as("only Ben's own appointment").isEqualTo(1);
    assertThat(holding(ANA, at(8, 0, 240))).isEmpty();
    assertThat(holding(CARL, at(8, 0, 240))).isEmpty();
    assertThat(holding(BEN, at(8, 0, 240))).containsExactly(bens);
    assertThat(appointments.outbox().entries(TENANT)).isEmpty();
  }

  @Test
  void eachMemberIsCheckedByItsOwnHoursAndItsOwnBusyTime() {
    assertThatThrownBy(() -> service.bookAllOf(request(ANA, 13, 0), ALL))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.resource()).contains(CARL);
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.OUTSIDE_HOURS);
            });
    assertThatThrownBy(() -> service.bookAllOf(request(ANA, 11, 0), ALL))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e -> {
              assertThat(e.resource()).contains(CARL);
              assertThat(e.reason()).isEqualTo(SlotUnavailableException.Reason.EXTERNAL_BUSY);
            });
    assertThat(service.bookAllOf(request(ANA, 13, 0), List.of(ANA, BEN)).participants())
        .as("without Carl the afternoon is free")
        .containsExactly(BEN);
    assertThat(appointments.size()).isEqualTo(1);
  }

  @Test
  void aSingleBookingOfAParticipantIsRefusedWhileTheCollectiveHoldsIt() {
    service.bookAllOf(request(ANA, 9, 0), ALL);

    assertThatThrownBy(() -> service.book(request(CARL, 9, 0)))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(SlotUnavailableException.Reason.OTHER_APPOINTMENT));
  }

  @Test
  void rescheduleMovesEveryMemberAndIsCheckedForAll() {
    Appointment a = service.bookAllOf(request(ANA, 9, 0), ALL);

    Appointment moved = service.reschedule(TENANT, a.id(), at(10, 0, 30).start());

    assertThat(moved.participants()).containsExactly(BEN, CARL);
    for (ResourceId r : ALL) {
      assertThat(holding(r, at(9, 0, 30))).as("old time of " + r).isEmpty();
      assertThat(holding(r, at(10, 0, 30))).as("new time of " + r).containsExactly(moved);
    }
    service.book(request(BEN, 9, 30));
    assertThatThrownBy(() -> service.reschedule(TENANT, a.id(), at(9, 30, 30).start()))
        .isInstanceOfSatisfying(
            SlotUnavailableException.class, e -> assertThat(e.resource()).contains(BEN));
    assertThatThrownBy(() -> service.reschedule(TENANT, a.id(), at(12, 0, 30).start()))
        .as("Carl's hours end at noon")
        .isInstanceOfSatisfying(
            SlotUnavailableException.class, e -> assertThat(e.resource()).contains(CARL));
    assertThat(service.appointment(TENANT, a.id())).contains(moved);
  }

  @Test
  void cancelFreesEveryMember() {
    Appointment a = service.bookAllOf(request(ANA, 9, 0), ALL);

    Appointment cancelled = service.cancel(TENANT, a.id());

    assertThat(cancelled.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(cancelled.participants()).containsExactly(BEN, CARL);
    for (ResourceId r : ALL) {
      assertThat(holding(r, at(9, 0, 30))).as("freed at " + r).isEmpty();
    }
    assertThat(service.book(request(CARL, 9, 0)).resource()).isEqualTo(CARL);
  }

  @Test
  void aProviderCoveringOnlyAParticipantHearsOfEveryChange() {
    Appointment a = service.bookAllOf(request(ANA, 9, 0), ALL);
    service.cancel(TENANT, a.id());

    assertThat(appointments.outbox().entries(TENANT))
        .extracting(OutboxEntry::provider, OutboxEntry::action)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("carls-calendar", SyncAction.CREATE),
            org.assertj.core.groups.Tuple.tuple("carls-calendar", SyncAction.CANCEL));
    Appointment anaAndBen = service.bookAllOf(request(ANA, 10, 0), List.of(ANA, BEN));
    assertThat(appointments.outbox().entries(TENANT))
        .as("no member of it is Carl's")
        .noneMatch(e -> e.appointmentId().equals(anaAndBen.id()));
  }

  @Test
  void theSyncWorkerWritesTheEventIntoTheCalendarOfTheParticipantTheProviderCovers() {
    Appointment a = service.bookAllOf(request(ANA, 9, 0), ALL);
    dev.cita.scheduling.sync.SyncWorker worker =
        dev.cita.scheduling.sync.SyncWorker.builder()
            .clock(new TestClock(NOW))
            .appointmentStore(appointments)
            .outboxStore(appointments.outbox())
            .provider(carls)
            .build();

    assertThat(worker.runOnce()).isEqualTo(1);

    assertThat(carls.created()).hasSize(1);
    assertThat(carls.created().get(0).resource()).as("Carl's calendar").isEqualTo(CARL);
    assertThat(carls.created().get(0).id()).isEqualTo(a.id());
    Appointment stored = service.appointment(TENANT, a.id()).orElseThrow();
    assertThat(stored.externalRef("carls-calendar")).contains("evt-1");
    assertThat(stored.resource()).as("the stored appointment keeps its host").isEqualTo(ANA);
    assertThat(stored.participants()).containsExactly(BEN, CARL);
  }

  @Test
  void anIdempotentRetryReturnsTheSameAppointmentAndTheKeyIsNotASingleBooking() {
    BookingRequest keyed = requestBuilder(ANA, 9, 0).idempotencyKey("k-1").build();

    Appointment first = service.bookAllOf(keyed, ALL);

    assertThat(service.bookAllOf(keyed, ALL)).isEqualTo(first);
    assertThatThrownBy(() -> service.book(keyed)).isInstanceOf(IdempotencyKeyReusedException.class);
    assertThatThrownBy(() -> service.bookAnyOf(keyed, ALL, AssignmentPolicy.firstFree()))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    assertThat(appointments.size()).isEqualTo(1);
  }

  @Test
  void malformedMembersAreRefusedNamingTheField() {
    assertValidation(() -> service.bookAllOf(request(ANA, 9, 0), List.of()), "members");
    assertValidation(
        () -> service.bookAllOf(request(ANA, 9, 0), List.of(ANA, BEN, BEN)), "members");
    assertValidation(() -> service.bookAllOf(request(ANA, 9, 0), List.of(BEN, CARL)), "members");
    List<ResourceId> crowd = new ArrayList<>(List.of(ANA));
    IntStream.range(0, Appointment.MAX_PARTICIPANTS + 1)
        .forEach(i -> crowd.add(ResourceId.of("m" + i)));
    assertValidation(() -> service.bookAllOf(request(ANA, 9, 0), crowd), "members");
    BookingRequest taller =
        BookingRequest.builder(
                TENANT, ANA, TALLER.id(), at(9, 0, 30).start(), Attendee.builder("Coro").build())
            .build();
    assertValidation(() -> service.bookAllOf(taller, ALL), "type.seats");
    assertThat(appointments.size()).isZero();
  }

  @Test
  void theAppointmentRefusesDuplicateParticipantsTheHostAmongThemAndTooMany() {
    Appointment a = service.bookAllOf(request(ANA, 9, 0), ALL);

    assertValidation(
        () -> a.toBuilder().participants(List.of(BEN, BEN)).build(), "appointment.participants");
    assertValidation(
        () -> a.toBuilder().participants(List.of(ANA)).build(), "appointment.participants");
    List<ResourceId> many =
        IntStream.range(0, Appointment.MAX_PARTICIPANTS + 1)
            .mapToObj(i -> ResourceId.of("m" + i))
            .toList();
    assertValidation(() -> a.toBuilder().participants(many).build(), "appointment.participants");
    assertThat(a.toBuilder().participants(many.subList(0, 20)).build().participants()).hasSize(20);
    assertThat(a.toBuilder().participants(List.of()).build().resources()).containsExactly(ANA);
  }

  private static void assertValidation(
      org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo(field));
  }

  private static java.time.LocalDate day() {
    return java.time.LocalDate.of(2026, 3, 2);
  }
}
