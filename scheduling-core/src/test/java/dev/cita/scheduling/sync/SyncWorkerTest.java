package dev.cita.scheduling.sync;

import static dev.cita.scheduling.sync.SyncFixture.LEASE;
import static dev.cita.scheduling.sync.SyncFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.SlotUnavailableException;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Call;
import dev.cita.scheduling.memory.InMemoryCalendarProvider.Operation;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.model.TimeInterval;
import dev.cita.scheduling.spi.CalendarProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What {@link SyncWorker} promises, driven by hand through {@link SyncWorker#runOnce()} on a manual
 * clock.
 */
class SyncWorkerTest {
  private final SyncFixture fx = new SyncFixture();

  private static long creates(List<Call> calls) {
    return calls.stream().filter(c -> c.operation() == Operation.CREATE).count();
  }

  @Test
  void providerDownForTheFirstAttemptsGivesExactlyOneEventAfterRecovery() {
    fx.google.failNextWrites(3);
    Appointment booked = fx.book("10:00");
    SyncWorker worker = fx.worker("w1");

    assertThat(worker.runOnce()).isEqualTo(1);
    OutboxEntry afterFirst = fx.only(booked);
    assertThat(afterFirst.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(afterFirst.attempts()).isEqualTo(1);
    assertThat(afterFirst.lastError()).get().asString().contains("503");
    assertThat(afterFirst.claimOwner()).isEmpty();
    assertThat(afterFirst.nextAttemptAt()).isAfter(fx.clock.instant());
    assertThat(worker.runOnce()).as("not due before its backoff ends").isZero();

    fx.runUntilSettled(worker, 10);

    assertThat(fx.google.writeAttempts()).isEqualTo(4);
    assertThat(fx.google.eventsCreated()).isEqualTo(1);
    assertThat(creates(fx.google.calls())).isEqualTo(1);
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.current(booked).externalRef("google")).contains("google-" + booked.id().value());
    assertThat(fx.google.events()).containsOnlyKeys("google-" + booked.id().value());
  }

  /** Performs the remote create, then dies before the worker can do its bookkeeping. */
  static final class SimulatedCrash extends Error {
    private static final long serialVersionUID = 1L;

    SimulatedCrash() {
      super("worker killed (simulated)");
    }
  }

  @Test
  void workerKilledBetweenTheRemoteCallAndTheBookkeepingStillGivesOneEvent() {
    Appointment booked = fx.book("10:00");
    CalendarProvider crashesAfterCreating =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            delegate.createEvent(appointment);
            throw new SimulatedCrash();
          }
        };
    SyncWorker doomed = fx.worker("doomed", crashesAfterCreating).build();
    SyncWorker successor = fx.worker("successor");

    assertThatThrownBy(doomed::runOnce).isInstanceOf(SimulatedCrash.class);
    assertThat(fx.google.eventsCreated()).isEqualTo(1);
    assertThat(fx.current(booked).externalRefs()).as("bookkeeping never happened").isEmpty();
    assertThat(successor.runOnce()).as("the lease still holds").isZero();

    fx.clock.advance(LEASE.plusSeconds(1));
    assertThat(successor.runOnce()).isEqualTo(1);

    assertThat(creates(fx.google.calls())).as("create called again, idempotently").isEqualTo(2);
    assertThat(fx.google.eventsCreated()).isEqualTo(1);
    assertThat(fx.google.events()).hasSize(1);
    assertThat(fx.current(booked).externalRef("google")).contains("google-" + booked.id().value());
    OutboxEntry done = fx.only(booked);
    assertThat(done.status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.appointments.outbox().complete(done.id(), "doomed"))
        .as("the dead worker's claim is gone")
        .isFalse();
  }

  @Test
  void anEntryThatKillsEveryWorkerIsDeadLetteredAfterTheCapAndOthersStillGo() {
    Appointment poison = fx.book("10:00");
    fx.clock.advance(java.time.Duration.ofSeconds(1)); // so the poison entry is first in line
    Appointment fine = fx.book("11:00");
    CalendarProvider diesOnPoison =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            if (appointment.id().equals(poison.id())) {
              throw new SimulatedCrash();
            }
            return delegate.createEvent(appointment);
          }
        };
    for (int crash = 0; crash < SyncWorker.MAX_UNFINISHED_CLAIMS; crash++) {
      SyncWorker worker = fx.worker("doomed-" + crash, diesOnPoison).batchSize(1).build();
      assertThatThrownBy(worker::runOnce).isInstanceOf(SimulatedCrash.class);
      fx.clock.advance(LEASE.plusSeconds(1));
    }

    SyncWorker survivor = fx.worker("survivor", diesOnPoison).build();
    survivor.runOnce();
    survivor.runOnce();

    OutboxEntry dead = fx.only(poison);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError()).get().asString().contains("without finishing");
    assertThat(fx.only(fine).status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void workerKilledAfterStoringTheReferenceButBeforeCompletingDoesNotCreateAgain() {
    Appointment booked = fx.book("10:00");
    CrashingOutbox outbox = new CrashingOutbox(fx.appointments.outbox());
    SyncWorker doomed = fx.worker("doomed", fx.google).outboxStore(outbox).build();

    assertThatThrownBy(doomed::runOnce).isInstanceOf(SimulatedCrash.class);
    assertThat(fx.current(booked).externalRef("google")).isPresent();
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.PENDING);

    fx.clock.advance(LEASE.plusSeconds(1));
    assertThat(fx.worker("successor").runOnce()).isEqualTo(1);

    assertThat(fx.google.writeAttempts()).as("no second remote call").isEqualTo(1);
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void aPermanentlyRejectedEntryIsDeadAtOnceAndDoesNotBlockOthers() {
    Appointment poison = fx.book("10:00");
    fx.clock.advance(java.time.Duration.ofSeconds(1)); // so the poison entry is first in line
    Appointment fine = fx.book("11:00");
    fx.google.rejectPermanently(poison.id());

    fx.runUntilSettled(fx.worker("w1"), 10);

    OutboxEntry dead = fx.only(poison);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError()).get().asString().contains("400").contains("rejected");
    assertThat(fx.only(fine).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.google.calls()).extracting(Call::appointmentId).containsExactly(fine.id());
  }

  @Test
  void anEntryTheAdapterRefusesAsInvalidIsDeadAtOnce() {
    Appointment booked = fx.book("10:00");
    CalendarProvider refuses =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            throw new dev.cita.scheduling.ValidationException(
                "appointmentType", "has no Calendly event type mapped");
          }
        };

    fx.runUntilSettled(fx.worker("w1", refuses).build(), 5);

    OutboxEntry dead = fx.only(booked);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dead.lastError())
        .get()
        .asString()
        .contains("refused by the adapter")
        .contains("appointmentType");
  }

  @Test
  void anEntryThatKeepsFailingIsDeadAfterMaxAttemptsBlocksOnlyItsAppointmentAndCanBeRequeued() {
    Appointment poison = fx.book("10:00");
    fx.clock.advance(java.time.Duration.ofSeconds(1)); // so the poison entry is first in line
    Appointment fine = fx.book("11:00");
    DelegatingProvider flaky =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            if (!isFixed() && appointment.id().equals(poison.id())) {
              throw new IllegalStateException("connection reset");
            }
            return delegate.createEvent(appointment);
          }
        };
    SyncWorker worker = fx.worker("w1", flaky).maxAttempts(3).build();
    assertThat(worker.runOnce())
        .isEqualTo(2); // the poison create fails in an unknown way: it may have been sent
    fx.service.cancel(TENANT, poison.id());

    fx.runUntilSettled(worker, 20);

    List<OutboxEntry> poisonEntries = fx.entriesOf(poison);
    assertThat(poisonEntries)
        .extracting(OutboxEntry::action)
        .containsExactly(SyncAction.CREATE, SyncAction.CANCEL);
    OutboxEntry dead = poisonEntries.get(0);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.attempts()).isEqualTo(3);
    assertThat(dead.lastError()).contains("IllegalStateException: connection reset");
    assertThat(poisonEntries.get(1).status())
        .as("blocked behind the dead create")
        .isEqualTo(OutboxStatus.PENDING);
    assertThat(poisonEntries.get(1).attempts()).isZero();
    assertThat(fx.only(fine).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.google.calls()).extracting(Call::appointmentId).containsExactly(fine.id());

    flaky.fix(); // the provider is fixed and an operator requeues the dead entry
    assertThat(fx.appointments.outbox().requeue(dead.id())).isTrue();
    fx.runUntilSettled(worker, 20);

    assertThat(fx.entriesOf(poison))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
    assertThat(fx.google.calls())
        .filteredOn(c -> c.appointmentId().equals(poison.id()))
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CANCEL);
  }

  @Test
  void createMoveAndCancelReachTheProviderInOrderEvenWhenTheFirstCreateFails() {
    Appointment booked = fx.book("10:00");
    DelegatingProvider resetOnce =
        new DelegatingProvider(fx.google) {
          @Override
          public String createEvent(Appointment appointment) {
            if (!isFixed()) {
              fix();
              throw new IllegalStateException("connection reset"); // it may have reached Google
            }
            return delegate.createEvent(appointment);
          }
        };
    SyncWorker worker = fx.worker("w1", resetOnce).build();

    assertThat(worker.runOnce()).as("only the create is first in line").isEqualTo(1);
    fx.service.reschedule(TENANT, booked.id(), booked.start().plus(Duration.ofHours(1)));
    fx.service.cancel(TENANT, booked.id());
    assertThat(fx.entriesOf(booked)).extracting(OutboxEntry::sequence).containsExactly(0L, 1L, 2L);
    assertThat(fx.entriesOf(booked).get(0).possiblySent()).isTrue();
    fx.runUntilSettled(worker, 10);

    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .as("the move of an appointment cancelled since is settled without a call")
        .containsExactly(Operation.CREATE, Operation.CANCEL);
    assertThat(fx.entriesOf(booked))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
    assertThat(fx.google.events()).as("cancelled remotely").isEmpty();
  }

  @Test
  void retryAfterOfARateLimitIsHonoured() {
    fx.google.rateLimitNextWrites(1, Duration.ofMinutes(30));
    Appointment booked = fx.book("10:00");
    SyncWorker worker = fx.worker("w1");
    Instant start = fx.clock.instant();

    worker.runOnce();

    OutboxEntry waiting = fx.only(booked);
    assertThat(waiting.nextAttemptAt()).isAfterOrEqualTo(start.plus(Duration.ofMinutes(30)));
    assertThat(waiting.lastError()).get().asString().contains("429").contains("retry after PT30M");
    fx.clock.advance(Duration.ofMinutes(29));
    assertThat(worker.runOnce()).isZero();
    fx.clock.advance(Duration.ofMinutes(2));
    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void backoffDelaysAreWithinFullJitterBoundsAndCapped() {
    fx.google.failing(true);
    Appointment booked = fx.book("10:00");
    Duration base = Duration.ofSeconds(1);
    Duration max = Duration.ofSeconds(8);
    SyncWorker worker =
        fx.worker("w1", fx.google).baseBackoff(base).maxBackoff(max).maxAttempts(12).build();
    boolean sawJitter = false;

    for (int attempt = 1; attempt < 12; attempt++) {
      Instant before = fx.clock.instant();
      assertThat(worker.runOnce()).isEqualTo(1);
      OutboxEntry e = fx.only(booked);
      Duration delay = Duration.between(before, e.nextAttemptAt());
      Duration ceiling = base.multipliedBy(1L << Math.min(attempt - 1, 20));
      ceiling = ceiling.compareTo(max) > 0 ? max : ceiling;
      assertThat(e.attempts()).isEqualTo(attempt);
      assertThat(delay).as("attempt %d", attempt).isBetween(Duration.ZERO, ceiling);
      sawJitter |= delay.compareTo(ceiling) < 0 && delay.compareTo(Duration.ZERO) > 0;
      fx.clock.set(e.nextAttemptAt());
    }
    assertThat(sawJitter).isTrue();
    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(fx.only(booked).status())
        .as("dead after the 12th attempt")
        .isEqualTo(OutboxStatus.DEAD);
    assertThat(fx.only(booked).attempts()).isEqualTo(12);
  }

  @Test
  void bookingWorksOfflineAndIsPushedWhenTheProviderIsBack() {
    fx.google.failing(true);

    Appointment booked = fx.book("10:00");
    SyncWorker worker = fx.worker("w1");
    worker.runOnce();

    assertThat(fx.current(booked).status()).isEqualTo(AppointmentStatus.SCHEDULED);
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(fx.google.events()).isEmpty();

    fx.google.failing(false);
    fx.runUntilSettled(worker, 5);

    assertThat(fx.google.events()).containsOnlyKeys("google-" + booked.id().value());
    assertThat(fx.current(booked).externalRef("google")).isPresent();
  }

  @Test
  void aRefusedBookingWritesNoEntryAndConfirmWritesNone() {
    Appointment booked = fx.book("10:00");

    assertThatThrownBy(() -> fx.book("10:00")).isInstanceOf(SlotUnavailableException.class);
    fx.service.confirm(TENANT, booked.id());

    assertThat(fx.entries())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.appointmentId()).isEqualTo(booked.id());
              assertThat(e.action()).isEqualTo(SyncAction.CREATE);
              assertThat(e.provider()).isEqualTo("google");
            });
  }

  @Test
  void noShowIsPushedThroughTheProvidersNoShowCall() {
    Appointment booked = fx.book("10:00");
    SyncWorker worker = fx.worker("w1");
    worker.runOnce();
    fx.clock.set(booked.start().plus(Duration.ofMinutes(10)));
    fx.service.markNoShow(TENANT, booked.id());

    worker.runOnce();

    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.NO_SHOW);
  }

  @Test
  void entriesOfAProviderTheWorkerDoesNotServeAreNeverClaimed() {
    Appointment booked = fx.book("10:00");
    Appointment current = fx.current(booked);
    OutboxEntry notify =
        OutboxEntry.pending(
            TENANT,
            booked.id(),
            "notify",
            SyncAction.CREATE,
            current.version() + 1,
            fx.clock.instant());
    fx.appointments.update(
        current.toBuilder().notes("notify me").build(),
        dev.cita.scheduling.spi.ConflictCheck.none(),
        List.of(notify));
    SyncWorker worker = fx.worker("w1");

    for (int round = 0; round < 5; round++) {
      worker.runOnce();
      fx.clock.advance(LEASE.multipliedBy(10));
    }

    OutboxEntry untouched = fx.appointments.outbox().find(notify.id()).orElseThrow();
    assertThat(untouched.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(untouched.claims()).as("never claimed").isZero();
    assertThat(untouched.attempts()).isZero();
    assertThat(untouched.lastError()).isEmpty();
    assertThat(untouched.claimOwner()).isEmpty();
    assertThat(fx.entriesOf(booked))
        .filteredOn(e -> e.provider().equals("google"))
        .extracting(OutboxEntry::status)
        .containsOnly(OutboxStatus.DONE);
    assertThat(fx.google.eventsCreated()).isEqualTo(1);
  }

  @Test
  void aLateAnswerFromAWorkerWhoseEntryWasTakenOverIsIgnored() {
    Appointment booked = fx.book("10:00");
    var outbox = fx.appointments.outbox();
    OutboxEntry claimed = outbox.claimDue(fx.clock.instant(), 10, "slow", LEASE).get(0);
    fx.clock.advance(LEASE);
    assertThat(outbox.claimDue(fx.clock.instant(), 10, "fast", LEASE))
        .extracting(OutboxEntry::id)
        .containsExactly(claimed.id());

    assertThat(outbox.retryLater(claimed.id(), "slow", 1, fx.clock.instant(), "late", false))
        .isFalse();
    assertThat(outbox.deadLetter(claimed.id(), "slow", 1, "late", false)).isFalse();
    assertThat(outbox.complete(claimed.id(), "slow")).isFalse();
    assertThat(outbox.complete(claimed.id(), "fast")).isTrue();
    assertThat(fx.only(booked).status()).isEqualTo(OutboxStatus.DONE);
    assertThat(fx.only(booked).lastError()).isEmpty();
  }

  @Test
  void aMoveThatGivesTheBookingANewIdIsRecordedSoLaterPushesUseIt() {
    Appointment booked = fx.book("10:00");
    java.util.List<String> cancelledIds = new java.util.concurrent.CopyOnWriteArrayList<>();
    CalendarProvider rebooks =
        new DelegatingProvider(fx.google) {
          @Override
          public java.util.Optional<String> moveEvent(Appointment appointment, String externalId) {
            return java.util.Optional.of("rebooked-" + appointment.id().value());
          }

          @Override
          public void cancelEvent(Appointment appointment, String externalId) {
            cancelledIds.add(externalId);
          }
        };
    SyncWorker worker = fx.worker("w1", rebooks).build();
    fx.runUntilSettled(worker, 5);

    fx.service.reschedule(
        TENANT, booked.id(), fx.current(booked).start().plus(Duration.ofHours(1)));
    fx.runUntilSettled(worker, 5);
    assertThat(fx.current(booked).externalRef("google"))
        .contains("rebooked-" + booked.id().value());

    fx.service.cancel(TENANT, booked.id());
    fx.runUntilSettled(worker, 5);
    assertThat(cancelledIds).containsExactly("rebooked-" + booked.id().value());
  }

  @Test
  void providersThatDoNotCoverAResourceGetNoEntriesAndAreNotAskedForBusyTime() {
    java.util.concurrent.atomic.AtomicInteger busyCalls =
        new java.util.concurrent.atomic.AtomicInteger();
    CalendarProvider otherTenantsOnly =
        new DelegatingProvider(new dev.cita.scheduling.memory.InMemoryCalendarProvider("calcom")) {
          @Override
          public boolean covers(TenantId tenant, ResourceId resource) {
            return !tenant.equals(TENANT);
          }

          @Override
          public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
            busyCalls.incrementAndGet();
            return List.of();
          }
        };
    dev.cita.scheduling.BookingService both =
        dev.cita.scheduling.BookingService.builder()
            .inMemoryDefaults()
            .clock(fx.clock)
            .appointmentStore(fx.appointments)
            .scheduleStore(fx.schedules)
            .calendarProvider(fx.google)
            .calendarProvider(otherTenantsOnly)
            .build();

    Appointment booked =
        both.book(
            dev.cita.scheduling.BookingRequest.builder(
                    TENANT,
                    SyncFixture.ANA,
                    SyncFixture.CONSULT.id(),
                    fx.current(fx.book("09:00")).start().plus(Duration.ofHours(2)),
                    dev.cita.scheduling.model.Attendee.builder("Pedro").build())
                .build());

    assertThat(fx.entriesOf(booked)).extracting(OutboxEntry::provider).containsExactly("google");
    assertThat(busyCalls).hasValue(0);
  }

  @Test
  void aProviderThatHoldsTheEventStillGetsTheCancelAfterItStoppedCoveringTheResource() {
    java.util.concurrent.atomic.AtomicBoolean covering =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    CalendarProvider unassignable =
        new DelegatingProvider(fx.google) {
          @Override
          public boolean covers(TenantId tenant, ResourceId resource) {
            return covering.get();
          }
        };
    dev.cita.scheduling.BookingService service =
        dev.cita.scheduling.BookingService.builder()
            .inMemoryDefaults()
            .clock(fx.clock)
            .appointmentStore(fx.appointments)
            .scheduleStore(fx.schedules)
            .calendarProvider(unassignable)
            .build();
    Appointment booked =
        service.book(
            dev.cita.scheduling.BookingRequest.builder(
                    TENANT,
                    SyncFixture.ANA,
                    SyncFixture.CONSULT.id(),
                    java.time.ZonedDateTime.of(
                            SyncFixture.TUE, java.time.LocalTime.of(10, 0), SyncFixture.SANTIAGO)
                        .toInstant(),
                    dev.cita.scheduling.model.Attendee.builder("Pedro").build())
                .build());
    SyncWorker worker = fx.worker("w1", unassignable).build();
    fx.runUntilSettled(worker, 5);
    covering.set(false); // the resource's calendar is unassigned

    service.cancel(TENANT, booked.id());
    fx.runUntilSettled(worker, 5);

    assertThat(fx.google.calls())
        .extracting(Call::operation)
        .containsExactly(Operation.CREATE, Operation.CANCEL);
  }

  /** Passes every call to another provider; tests override the calls they want to break. */
  static class DelegatingProvider implements CalendarProvider {
    final CalendarProvider delegate;
    private volatile boolean fixed;

    DelegatingProvider(CalendarProvider delegate) {
      this.delegate = delegate;
    }

    void fix() {
      fixed = true;
    }

    boolean isFixed() {
      return fixed;
    }

    @Override
    public String id() {
      return delegate.id();
    }

    @Override
    public List<TimeInterval> busy(TenantId tenant, ResourceId resource, TimeInterval range) {
      return delegate.busy(tenant, resource, range);
    }

    @Override
    public String createEvent(Appointment appointment) {
      return delegate.createEvent(appointment);
    }

    @Override
    public void updateEvent(Appointment appointment, String externalId) {
      delegate.updateEvent(appointment, externalId);
    }

    @Override
    public void cancelEvent(Appointment appointment, String externalId) {
      delegate.cancelEvent(appointment, externalId);
    }

    @Override
    public void markNoShow(Appointment appointment, String externalId) {
      delegate.markNoShow(appointment, externalId);
    }
  }

  /** An outbox whose first {@code complete} dies, as a worker killed just before settling. */
  static final class CrashingOutbox extends ForwardingOutbox {
    private boolean crashed;

    CrashingOutbox(dev.cita.scheduling.spi.OutboxStore delegate) {
      super(delegate);
    }

    @Override
    public synchronized boolean complete(String entryId, String worker) {
      if (!crashed) {
        crashed = true;
        throw new SimulatedCrash();
      }
      return super.complete(entryId, worker);
    }
  }
}
