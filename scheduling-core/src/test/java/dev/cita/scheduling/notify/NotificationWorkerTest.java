package dev.cita.scheduling.notify;

import static dev.cita.scheduling.notify.BookingNotifierStaffTest.ANA;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.NOW;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.TENANT;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.TUE_14H;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.WED_10_30;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.owner;
import static dev.cita.scheduling.notify.BookingNotifierStaffTest.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.BookingService;
import dev.cita.scheduling.memory.InMemoryAuditLog;
import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.spi.AuditEntry;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.SendAttemptStore;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NotificationWorker on in-memory stores with recording channels: once, retries, crashes. */
class NotificationWorkerTest {
  static final Duration LEASE = Duration.ofMinutes(1);

  final BookingNotifierStaffTest fixture = new BookingNotifierStaffTest();
  final ManualClock clock = fixture.clock;
  final RecordingChannel email = fixture.email;
  final RecordingChannel push = fixture.push;
  final InMemorySendAttemptStore attempts =
      new InMemorySendAttemptStore(fixture.clock, Duration.ofDays(30));
  final InMemoryAuditLog audit = new InMemoryAuditLog();
  final BookingService service =
      BookingService.builder()
          .inMemoryDefaults()
          .clock(clock)
          .appointmentStore(fixture.appointments)
          .scheduleStore(fixture.schedules)
          .queueNotifications()
          .build();

  NotificationWorkerTest() {
    fixture.staff.save(owner().build());
  }

  NotificationWorker.Builder worker(String id) {
    return NotificationWorker.builder()
        .clock(clock)
        .workerId(id)
        .lease(LEASE)
        .appointmentStore(fixture.appointments)
        .sendAttempts(attempts)
        .preferences(fixture.preferences)
        .staff(fixture.staff)
        .scheduleStore(fixture.schedules)
        .auditLog(audit)
        .random(() -> Long.MAX_VALUE)
        .channel(email)
        .channel(push);
  }

  OutboxEntry theEntry() {
    return fixture.appointments.outbox().entries(TENANT).stream()
        .filter(e -> e.provider().equals(NotificationQueue.PROVIDER))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  List<String> sent() {
    return java.util.stream.Stream.concat(email.messages().stream(), push.messages().stream())
        .map(m -> m.kind() + " " + m.recipientKind() + " " + m.address())
        .toList();
  }

  @Test
  void aQueuedBookingGoesOutOnceToTheCustomerAndTheOwner() {
    service.book(request(ANA, TUE_14H));
    NotificationWorker worker = worker("w1").build();

    assertThat(worker.runOnce()).isEqualTo(1);
    assertThat(worker.runOnce()).as("nothing left").isZero();

    assertThat(sent())
        .containsExactly(
            "CONFIRMATION CUSTOMER maria@example.cl",
            "CONFIRMATION OWNER dueno@norte.cl",
            "CONFIRMATION OWNER ext-owner-1");
    assertThat(theEntry().status()).isEqualTo(OutboxStatus.DONE);
    assertThat(push.messages().get(0).idempotencyKey()).startsWith("staff:");
    assertThat(audit.all())
        .extracting(AuditEntry::provider, AuditEntry::operation, AuditEntry::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "email", "notify.confirmation", AuditEntry.Outcome.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(
                "email", "notify.confirmation", AuditEntry.Outcome.SUCCESS),
            org.assertj.core.groups.Tuple.tuple(
                "push", "notify.confirmation", AuditEntry.Outcome.SUCCESS));
  }

  @Test
  void aRescheduleCarriesThePreviousTimeAndACancellationFollows() {
    Appointment a = service.book(request(ANA, TUE_14H));
    NotificationWorker worker = worker("w1").build();
    worker.runOnce();
    service.reschedule(TENANT, a.id(), WED_10_30);
    service.cancel(TENANT, a.id());

    worker.runOnce();
    worker.runOnce();

    assertThat(email.messages())
        .filteredOn(m -> m.recipientKind() == RecipientKind.CUSTOMER)
        .extracting(OutgoingMessage::kind)
        .as("the reschedule of an appointment cancelled since is not sent")
        .containsExactly(MessageKind.CONFIRMATION, MessageKind.CANCELLATION);
  }

  @Test
  void aRefusedDeliveryIsRetriedLaterAndOnlyItGoesOutAgain() {
    service.book(request(ANA, TUE_14H));
    push.thenFail(() -> SendResult.refused("rate limited"));
    NotificationWorker worker = worker("w1").build();

    worker.runOnce();
    OutboxEntry waiting = theEntry();
    assertThat(waiting.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(waiting.attempts()).isEqualTo(1);
    assertThat(waiting.nextAttemptAt()).isAfter(NOW);
    assertThat(waiting.lastError()).hasValueSatisfying(e -> assertThat(e).contains("rate limited"));
    assertThat(worker.runOnce()).as("not due yet: backoff").isZero();

    clock.advance(Duration.ofMinutes(5));
    worker.runOnce();

    assertThat(email.messages()).as("e-mails are not sent again").hasSize(2);
    assertThat(push.messages()).hasSize(1);
    assertThat(push.attempts).hasValue(2);
    assertThat(theEntry().status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void theLastFailureIsADeadLetterWithItsReasonInTheAuditLog() {
    service.book(request(ANA, TUE_14H));
    push.refuseEverything();
    NotificationWorker worker = worker("w1").maxAttempts(2).build();

    worker.runOnce();
    clock.advance(Duration.ofMinutes(5));
    worker.runOnce();

    OutboxEntry dead = theEntry();
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError())
        .hasValueSatisfying(
            e -> assertThat(e).startsWith("staff owner via push refused: test: recipient"));
    assertThat(audit.all())
        .filteredOn(e -> e.errorCode().equals(Optional.of(NotificationWorker.DEAD_LETTER)))
        .singleElement()
        .satisfies(e -> assertThat(e.provider()).isEqualTo(NotificationQueue.PROVIDER));
    assertThat(email.messages()).hasSize(2);
  }

  @Test
  void aMalformedEntryIsDeadLetteredNotRetried() {
    Appointment a = service.book(request(ANA, TUE_14H));
    worker("w1").build().runOnce();
    OutboxEntry broken =
        OutboxEntry.pending(TENANT, a.id(), NotificationQueue.PROVIDER, SyncAction.UPDATE, 1, NOW)
            .toBuilder()
            .detail("v1;RESCHEDULE;-;last tuesday")
            .build();
    fixture.appointments.update(
        a.toBuilder().notes("x").build(), ConflictCheck.none(), List.of(broken));

    worker("w1").build().runOnce();

    OutboxEntry dead = fixture.appointments.outbox().find(broken.id()).orElseThrow();
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError()).hasValueSatisfying(e -> assertThat(e).contains("malformed"));
    assertThat(sent()).hasSize(3);
  }

  @Test
  void aWorkerThatDiesAfterClaimingLeavesTheEntryToAnotherOnceTheLeaseEnds() {
    service.book(request(ANA, TUE_14H));
    assertThat(
            fixture
                .appointments
                .outbox()
                .claimDue(NOW, 10, "dead-worker", LEASE, Set.of(NotificationQueue.PROVIDER)))
        .as("claimed, then the worker died")
        .hasSize(1);
    NotificationWorker second = worker("w2").build();

    assertThat(second.runOnce()).as("the lease still holds").isZero();
    clock.advance(LEASE.plusSeconds(1));
    assertThat(second.runOnce()).isEqualTo(1);
    second.runOnce();

    assertThat(sent()).hasSize(3).doesNotHaveDuplicates();
    assertThat(theEntry().status()).isEqualTo(OutboxStatus.DONE);
  }

  @Test
  void aWorkerThatDiesAfterTheSendBeforeSettlingNeverSendsItTwice() {
    service.book(request(ANA, TUE_14H));
    SendAttemptStore dying =
        new ForwardingSendAttempts(attempts) {
          @Override
          public void accepted(String key, String messageId, Optional<OutgoingMessage> freeForm) {
            throw new KilledWorker();
          }
        };
    NotificationWorker first = worker("w1").sendAttempts(dying).build();
    assertThatThrownBy(first::runOnce).isInstanceOf(KilledWorker.class);
    assertThat(sent()).as("the customer's e-mail went out").hasSize(1);

    clock.advance(LEASE.plusSeconds(1));
    NotificationWorker second = worker("w2").build();
    second.runOnce();

    assertThat(email.messages())
        .filteredOn(m -> m.recipientKind() == RecipientKind.CUSTOMER)
        .as("its outcome was unknown: never sent again")
        .hasSize(1);
    assertThat(sent()).hasSize(3);
    assertThat(theEntry().status()).isEqualTo(OutboxStatus.DONE);
    assertThat(audit.all())
        .filteredOn(e -> e.errorCode().equals(Optional.of(NotificationWorker.OUTCOME_UNKNOWN)))
        .hasSize(1);
  }

  @Test
  void entriesOfCalendarProvidersAreLeftAlone() {
    Appointment a = service.book(request(ANA, TUE_14H));
    OutboxEntry google = OutboxEntry.pending(TENANT, a.id(), "google", SyncAction.UPDATE, 1, NOW);
    fixture.appointments.update(
        a.toBuilder().notes("x").build(), ConflictCheck.none(), List.of(google));

    worker("w1").build().runOnce();

    assertThat(fixture.appointments.outbox().find(google.id()).orElseThrow().claims()).isZero();
  }

  @Test
  void aLongDeliveryKeyIsHashedToFitTheStore() {
    String key = NotificationWorker.attemptKey("k".repeat(SendAttemptStore.MAX_KEY));

    assertThat(key).startsWith("notify:sha256:").hasSizeLessThanOrEqualTo(SendAttemptStore.MAX_KEY);
    assertThat(NotificationWorker.attemptKey("staff:a:0:CONFIRMATION:push:owner"))
        .isEqualTo("notify:staff:a:0:CONFIRMATION:push:owner");
  }

  /** Stands for the JVM going away: not caught by the worker, as a real crash would not be. */
  static final class KilledWorker extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Passes every call on; tests override the one they break. */
  static class ForwardingSendAttempts implements SendAttemptStore {
    private final SendAttemptStore delegate;

    ForwardingSendAttempts(SendAttemptStore delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<Attempt> begin(String idempotencyKey, Instant at) {
      return delegate.begin(idempotencyKey, at);
    }

    @Override
    public void notSent(String idempotencyKey) {
      delegate.notSent(idempotencyKey);
    }

    @Override
    public void accepted(String key, String messageId, Optional<OutgoingMessage> freeForm) {
      delegate.accepted(key, messageId, freeForm);
    }

    @Override
    public Optional<OutgoingMessage> freeForm(String messageId) {
      return delegate.freeForm(messageId);
    }

    @Override
    public int purgeBefore(Instant cutoff) {
      return delegate.purgeBefore(cutoff);
    }
  }
}
