package dev.cita.scheduling.sync;

import static dev.cita.scheduling.sync.SyncFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingListener;
import dev.cita.scheduling.BookingRequest;
import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.ProviderException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemoryCalendarProvider;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Call;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Operation;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.sync.SyncWorkerTest.DelegatingProvider;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * What the sync worker does when a provider refuses a push, and with creates that were never sent:
 * a booking tool's refusal cancels the appointment visibly, a calendar's refusal leaves it booked,
 * and a create cancelled before it ever left Cita is not sent at all.
 */
class PushRefusalTest {
  private final SyncFixture fx = new SyncFixture();

  /**
   * A branch's booking tool next to the fake Google calendar, and a listener that records events.
   */
  private final InMemoryCalendarProvider calcom =
      new InMemoryCalendarProvider("calcom").asBookingTool();

  private final List<String> heard = new CopyOnWriteArrayList<>();
  private final BookingService service =
      BookingService.builder()
          .inMemoryDefaults()
          .clock(fx.clock)
          .appointmentStore(fx.appointments)
          .scheduleStore(fx.schedules)
          .calendarProvider(fx.google)
          .calendarProvider(calcom)
          .listener(
              new BookingListener() {
                @Override
                public void statusChanged(Appointment before, Appointment after) {
                  heard.add("statusChanged " + before.status() + "->" + after.status());
                }

                @Override
                public void refusedByProvider(Appointment cancelled, String provider) {
                  heard.add(
                      "refusedByProvider " + provider + " " + cancelled.statusReason().orElse("?"));
                }
              })
          .build();

  private final InMemoryAuditLog audit = new InMemoryAuditLog();

  private SyncWorker worker() {
    return fx.worker("w1", fx.google)
        .provider(calcom)
        .bookingService(service)
        .auditLog(audit)
        .build();
  }

  @Test
  void aCreateTheBookingToolRefusesCancelsTheAppointmentWithTheReasonAndTellsTheListenersOnce() {
    Appointment booked = service.book(request("10:00"));
    calcom.rejectPermanently(booked.id()); // the slot was taken on the Cal.com page meanwhile

    fx.runUntilSettled(worker(), 10);

    Appointment now = fx.current(booked);
    assertThat(now.status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(now.statusReason())
        .get()
        .asString()
        .startsWith("refused by calcom: ")
        .contains("400")
        .contains("event rejected");
    assertThat(heard)
        .containsExactly(
            "statusChanged SCHEDULED->CANCELLED",
            "refusedByProvider calcom " + now.statusReason().orElseThrow());
    OutboxEntry refused =
        fx.entriesOf(booked).stream()
            .filter(e -> e.provider().equals("calcom"))
            .findFirst()
            .orElseThrow();
    assertThat(refused.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(refused.lastError()).get().asString().startsWith("refused; appointment cancelled: ");
    assertThat(fx.entriesOf(booked))
        .filteredOn(e -> e.provider().equals("calcom"))
        .as("the refusing tool holds no booking: no cancel is queued for it")
        .hasSize(1);
    assertThat(fx.google.events())
        .as("the calendar's copy, if it got one, was cancelled")
        .isEmpty();
    assertThat(fx.entries())
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE, OutboxStatus.DEAD);
    assertThat(audit.all())
        .as("the API log shows the refusal, once")
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.tenant()).contains(TENANT);
              assertThat(e.provider()).isEqualTo("calcom");
              assertThat(e.operation()).isEqualTo("outbox.create");
              assertThat(e.outcome()).isEqualTo(AuditEntry.Outcome.FAILURE);
              assertThat(e.httpStatus()).isEqualTo(400);
              assertThat(e.errorCode()).contains(SyncWorker.REFUSED_CANCELLED);
            });
  }

  @Test
  void theFreedTimeCanBeBookedAgain() {
    Appointment booked = service.book(request("10:00"));
    calcom.rejectPermanently(booked.id());
    fx.runUntilSettled(worker(), 10);

    Appointment again = service.book(requestFor("10:00", "Otra Persona"));

    assertThat(again.status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void anAppointmentCancelledMeanwhileIsLeftAsItIsAndNobodyHearsTwice() {
    Appointment booked = service.book(request("10:00"));
    SyncWorker worker = worker();
    CalendarRefusingLate late =
        new CalendarRefusingLate(calcom, () -> service.cancel(TENANT, booked.id()));
    SyncWorker racing = fx.worker("w2", fx.google).provider(late).bookingService(service).build();

    fx.runUntilSettled(racing, 10);

    assertThat(fx.current(booked).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(fx.current(booked).statusReason())
        .as("cancelled by the customer, not by the refusal")
        .isEmpty();
    assertThat(heard).containsExactly("statusChanged SCHEDULED->CANCELLED");
    assertThat(worker.runOnce()).isZero();
  }

  @Test
  void aCalendarThatRefusesLeavesTheAppointmentBookedAndTheEntryDead() {
    Appointment booked = service.book(request("10:00"));
    fx.google.rejectPermanently(booked.id());

    fx.runUntilSettled(worker(), 10);

    assertThat(fx.current(booked).status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(fx.current(booked).statusReason()).isEmpty();
    assertThat(heard).isEmpty();
    OutboxEntry dead =
        fx.entriesOf(booked).stream()
            .filter(e -> e.provider().equals("google"))
            .findFirst()
            .orElseThrow();
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError())
        .get()
        .asString()
        .contains("400")
        .doesNotContain("appointment cancelled");
    assertThat(audit.all())
        .extracting(e -> e.provider() + " " + e.operation() + " " + e.errorCode().orElse(""))
        .containsExactly("google outbox.create " + SyncWorker.DEAD_LETTER);
  }

  @Test
  void aTransientFailureOfTheBookingToolKeepsRetryingAndCancelsNothing() {
    calcom.failNextWrites(2);
    Appointment booked = service.book(request("10:00"));

    fx.runUntilSettled(worker(), 10);

    assertThat(fx.current(booked).status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(fx.current(booked).externalRef("calcom")).isPresent();
    assertThat(heard).isEmpty();
  }

  @Test
  void anAdapterThatRefusesTheDataOfABookingToolsCreateCancelsToo() {
    Appointment booked = service.book(request("10:00"));
    DelegatingProvider noMapping =
        new DelegatingProvider(calcom) {
          @Override
          public boolean decidesBookings() {
            return true;
          }

          @Override
          public String createEvent(Appointment appointment) {
            throw new ValidationException("appointmentType", "has no Cal.com event type mapped");
          }
        };

    fx.runUntilSettled(
        fx.worker("w1", fx.google).provider(noMapping).bookingService(service).build(), 10);

    assertThat(fx.current(booked).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(fx.current(booked).statusReason())
        .get()
        .asString()
        .isEqualTo(
            "refused by calcom: refused by the adapter: appointmentType: has no Cal.com event type"
                + " mapped");
  }

  @Test
  void aWorkerWithABookingToolButNoBookingServiceIsRefusedAtBuildNamingIt() {
    assertThatThrownBy(() -> fx.worker("w1", calcom).build())
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("bookingService")
        .hasMessageContaining("calcom");
  }

  @Test
  void aBacklogOfACreateAndACancelNeverSentSendsNothing() {
    fx.google.failing(true); // Google unreachable: nothing can leave
    Appointment booked = fx.book("10:00");
    SyncWorker worker = fx.worker("w1");
    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(fx.only(booked).possiblySent()).as("a refused connection sends nothing").isFalse();
    fx.service.cancel(TENANT, booked.id());
    fx.google.failing(false);

    fx.runUntilSettled(worker, 10);

    assertThat(fx.google.calls()).as("no invitation, no cancellation").isEmpty();
    assertThat(fx.google.writeAttempts()).isEqualTo(1);
    assertThat(fx.entriesOf(booked))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
  }

  @Test
  void aCreateAndCancelQueuedBeforeAnyWorkerRanSendNothing() {
    Appointment booked = fx.book("10:00");
    fx.service.cancel(TENANT, booked.id());

    fx.runUntilSettled(fx.worker("w1"), 10);

    assertThat(fx.google.writeAttempts()).isZero();
    assertThat(fx.entriesOf(booked))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
  }

  @Test
  void aCreateWhoseOutcomeIsUnknownIsSentAndThenCancelledSoNoEventIsLeft() {
    Appointment booked = fx.book("10:00");
    DelegatingProvider lostAnswer =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            if (!isFixed()) {
              fix();
              delegate.createEvent(appointment); // Google made it; the answer was lost
              throw ProviderException.retryableOutcomeUnknown(
                  "google", "no answer (simulated)", null);
            }
            return delegate.createEvent(appointment);
          }
        };
    SyncWorker worker = fx.worker("w1", lostAnswer).build();
    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(fx.only(booked).possiblySent()).isTrue();
    fx.service.cancel(TENANT, booked.id());

    fx.runUntilSettled(worker, 10);

    assertThat(fx.google.events()).as("the event Google made was cancelled").isEmpty();
    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CREATE, Operation.CANCEL);
  }

  @Test
  void aWorkerThatDiedWhilePushingCountsAsPossiblySent() {
    Appointment booked = fx.book("10:00");
    OutboxEntry claimed =
        fx.appointments
            .outbox()
            .claimDue(fx.clock.instant(), 10, "dead-worker", SyncFixture.LEASE)
            .get(0); // claimed, then the worker vanished (its create may have reached Google)
    assertThat(claimed.claims()).isEqualTo(1);
    fx.service.cancel(TENANT, booked.id());
    fx.clock.advance(SyncFixture.LEASE.plusSeconds(1));

    fx.runUntilSettled(fx.worker("w1"), 10);

    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CANCEL);
  }

  @Test
  void aDeadCreateThatMayHaveBeenSentKeepsTheMarkWhenRequeued() {
    Appointment booked = fx.book("10:00");
    DelegatingProvider unknown =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            if (!isFixed()) {
              throw ProviderException.outcomeUnknown(
                  "google", "connection lost after sending (simulated)", null);
            }
            return delegate.createEvent(appointment);
          }
        };
    fx.runUntilSettled(fx.worker("w1", unknown).build(), 10);
    OutboxEntry dead = fx.only(booked);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.possiblySent()).isTrue();
    fx.service.cancel(TENANT, booked.id());
    unknown.fix();

    assertThat(fx.appointments.outbox().requeue(dead.id())).isTrue();
    assertThat(fx.appointments.outbox().find(dead.id()).orElseThrow().possiblySent()).isTrue();
    fx.runUntilSettled(fx.worker("w1", unknown).build(), 10);

    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CANCEL);
  }

  private BookingRequest request(String time) {
    return requestFor(time, "Camila Rojas");
  }

  private BookingRequest requestFor(String time, String name) {
    Instant start =
        ZonedDateTime.of(SyncFixture.TUE, LocalTime.parse(time), SyncFixture.SANTIAGO).toInstant();
    return BookingRequest.builder(
            TENANT,
            SyncFixture.ANA,
            SyncFixture.CONSULT.id(),
            start,
            Attendee.builder(name).phone("+56912345678").build())
        .build();
  }

  /** A booking tool that refuses every create, after the customer cancelled in the meantime. */
  static final class CalendarRefusingLate extends DelegatingProvider {
    private final Runnable meanwhile;

    CalendarRefusingLate(InMemoryCalendarProvider delegate, Runnable meanwhile) {
      super(delegate);
      this.meanwhile = meanwhile;
    }

    @Override
    public boolean decidesBookings() {
      return true;
    }

    @Override
    public String createEvent(Appointment appointment) {
      meanwhile.run();
      throw new ProviderException(
          "calcom", 400, "slot_unavailable", null, false, "slot no longer available", null);
    }
  }
}
