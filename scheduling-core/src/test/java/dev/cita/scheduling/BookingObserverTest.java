package dev.cita.scheduling;

import static dev.cita.scheduling.BookingFixture.ANA;
import static dev.cita.scheduling.BookingFixture.BEN;
import static dev.cita.scheduling.BookingFixture.CONSULT;
import static dev.cita.scheduling.BookingFixture.TENANT;
import static dev.cita.scheduling.BookingFixture.TUE;
import static dev.cita.scheduling.BookingFixture.at;
import static dev.cita.scheduling.BookingFixture.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.observe.Observer;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.AuditLog;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** What the booking service tells its observers, and that an observer cannot break a booking. */
class BookingObserverTest {
  private final BookingFixture fx = new BookingFixture();
  private final List<String> heard = new CopyOnWriteArrayList<>();

  private final Observer recorder =
      new Observer() {
        @Override
        public void slotQuery(TenantId tenant, QueryMode mode, Duration elapsed) {
          heard.add("query " + mode + " " + elapsed);
        }

        @Override
        public void booking(
            TenantId tenant,
            BookingOutcome outcome,
            Optional<SlotUnavailableException.Reason> refusal) {
          heard.add("booking " + outcome + refusal.map(r -> " " + r).orElse(""));
        }

        @Override
        public void transition(
            TenantId tenant, Optional<AppointmentStatus> from, AppointmentStatus to) {
          heard.add("transition " + from.map(Enum::name).orElse("none") + " -> " + to);
        }

        @Override
        public void audited(AuditEntry entry) {
          heard.add("audited " + entry.provider() + " " + entry.operation());
        }
      };

  private final Observer throwing =
      new Observer() {
        @Override
        public void booking(
            TenantId tenant,
            BookingOutcome outcome,
            Optional<SlotUnavailableException.Reason> refusal) {
          throw new IllegalStateException("observer bug");
        }
      };

  private final BookingService service =
      fx.serviceBuilder().observer(throwing).observer(recorder).build();

  @Test
  void eachBookingOutcomeAndTransitionIsHeardOnce() {
    Appointment booked =
        service.book(request(at(TUE, "10:00"), "Maria").idempotencyKey("k1").build());
    service.book(request(at(TUE, "10:00"), "Maria").idempotencyKey("k1").build());
    assertThatThrownBy(() -> service.book(request(at(TUE, "10:00"), "Pedro").build()))
        .isInstanceOf(SlotUnavailableException.class);
    assertThatThrownBy(() -> service.book(request(at(TUE, "10:00").plusMillis(1), "Pedro").build()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                service.book(
                    BookingRequest.builder(
                            TENANT,
                            ANA,
                            AppointmentTypeId.of("missing"),
                            at(TUE, "11:00"),
                            BookingFixture.attendee("Pedro"))
                        .build()))
        .isInstanceOf(NotFoundException.class);
    service.confirm(TENANT, booked.id());
    service.reschedule(TENANT, booked.id(), at(TUE, "11:30"));
    service.cancel(TENANT, booked.id());

    assertThat(heard)
        .containsExactly(
            "booking BOOKED",
            "transition none -> SCHEDULED",
            "booking IDEMPOTENT_REPLAY",
            "booking SLOT_UNAVAILABLE OTHER_APPOINTMENT",
            "booking VALIDATION",
            "booking NOT_FOUND",
            "transition SCHEDULED -> CONFIRMED",
            "transition CONFIRMED -> RESCHEDULED",
            "transition RESCHEDULED -> CANCELLED");
  }

  @Test
  void aKeyReusedForAnotherRequestAndAStoreFailureAreToldApart() {
    service.book(request(at(TUE, "10:00"), "Maria").idempotencyKey("k1").build());
    assertThatThrownBy(
            () -> service.book(request(at(TUE, "11:00"), "Maria").idempotencyKey("k1").build()))
        .isInstanceOf(IdempotencyKeyReusedException.class);
    BookingService failing =
        BookingService.builder()
            .clock(fx.clock)
            .appointmentStore(
                new ForwardingAppointmentStore(fx.appointments) {
                  @Override
                  public Appointment insert(
                      Appointment a,
                      dev.cita.scheduling.spi.ConflictCheck check,
                      List<dev.cita.scheduling.sync.OutboxEntry> outbox) {
                    throw new OutcomeUnknownException(
                        "connection lost mid-write", new IllegalStateException("08006"));
                  }
                })
            .scheduleStore(fx.schedules)
            .idempotencyStore(fx.idempotency)
            .observer(recorder)
            .build();
    assertThatThrownBy(() -> failing.book(request(at(TUE, "12:00"), "Rosa").build()))
        .isInstanceOf(OutcomeUnknownException.class);

    assertThat(heard)
        .containsExactly(
            "booking BOOKED",
            "transition none -> SCHEDULED",
            "booking KEY_REUSED",
            "booking OUTCOME_UNKNOWN");
  }

  @Test
  void slotQueriesAreTimedByTheServiceClockAndTaggedByMode() {
    service.findSlots(SlotQuery.forResource(TENANT, ANA, CONSULT.id(), TUE, TUE));
    service.findSlots(SlotQuery.anyOf(TENANT, List.of(ANA, BEN), CONSULT.id(), TUE, TUE));
    service.findSlots(SlotQuery.allOf(TENANT, List.of(ANA, BEN), CONSULT.id(), TUE, TUE));
    assertThatThrownBy(
            () ->
                service.findSlots(
                    SlotQuery.forResource(TENANT, ANA, AppointmentTypeId.of("missing"), TUE, TUE)))
        .isInstanceOf(NotFoundException.class);

    assertThat(heard)
        .containsExactly(
            "query SINGLE PT0S", "query ANY_OF PT0S", "query ALL_OF PT0S", "query SINGLE PT0S");
  }

  @Test
  void anObservedAuditLogRecordsFirstThenTellsTheObserver() {
    InMemoryAuditLog log = new InMemoryAuditLog();
    AuditLog observed = recorder.auditLog(log);
    observed.timed(fx.clock, TENANT, "calcom", "bookings.create", () -> "ok");

    assertThat(log.recent(TENANT, 10)).hasSize(1);
    assertThat(observed.recent(TENANT, 10)).isEqualTo(log.recent(TENANT, 10));
    assertThat(heard).containsExactly("audited calcom bookings.create");
  }
}
