package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.CapturingLogProvider;
import dev.cita.scheduling.SchedulingException;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.LogContext;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryNotificationPreferencesStore;
import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.memory.InMemoryScheduleStore;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentType;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.ReminderStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/**
 * The reminder scheduler driven by a hand-moved clock. The appointment is María's Consulta general
 * on Tuesday 15 September 2026 at 14:00 in Santiago (17:00Z); reminders are due at 24 h and 1 h
 * before, with 30 minutes of grace.
 */
class ReminderSchedulerTest {
  static final ZoneId SANTIAGO = ZoneId.of("America/Santiago");
  static final TenantId TENANT = TenantId.of("clinica-norte");
  static final ResourceId ANA = ResourceId.of("dra-ana");
  static final Instant START = Instant.parse("2026-09-15T17:00:00Z");
  static final String REMINDER_ES =
      "Hola María, tu cita de Consulta general es el martes 15 de septiembre a las 14:00.";

  final ManualClock clock = new ManualClock(START.minus(Duration.ofDays(3)));
  final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore();
  final InMemoryReminderStore reminders = new InMemoryReminderStore();
  final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  final InMemoryNotificationPreferencesStore preferences =
      new InMemoryNotificationPreferencesStore();
  final RecordingChannel whatsapp = RecordingChannel.whatsapp(clock);

  ReminderSchedulerTest() {
    schedules.saveAppointmentType(
        TENANT,
        AppointmentType.builder("consulta", "Consulta general", Duration.ofMinutes(30)).build());
  }

  static Attendee maria() {
    return Attendee.builder("María").phone("+56912345678").email("maria@example.cl").build();
  }

  Appointment book(String id, Instant start) {
    return book(id, ANA, start, maria());
  }

  Appointment book(String id, ResourceId resource, Instant start, Attendee attendee) {
    return appointments.insert(
        Appointment.builder()
            .id(AppointmentId.of(id))
            .tenant(TENANT)
            .resource(resource)
            .type(AppointmentTypeId.of("consulta"))
            .attendee(attendee)
            .start(start)
            .end(start.plus(Duration.ofMinutes(30)))
            .displayZone(SANTIAGO)
            .createdAt(clock.instant())
            .updatedAt(clock.instant())
            .build(),
        ConflictCheck.none());
  }

  Appointment update(String id, java.util.function.UnaryOperator<Appointment.Builder> change) {
    Appointment current = appointments.find(TENANT, AppointmentId.of(id)).orElseThrow();
    return appointments.update(change.apply(current.toBuilder()).build(), ConflictCheck.none());
  }

  ReminderScheduler.Builder scheduler() {
    return ReminderScheduler.builder()
        .clock(clock)
        .appointmentStore(appointments)
        .reminderStore(reminders)
        .tenants(TENANT)
        .channel(whatsapp)
        .preferences(preferences)
        .scheduleStore(schedules)
        .workerId("node-1");
  }

  /** Runs the scheduler every {@code step} until {@code until}; returns what runOnce reported. */
  static int runEvery(ReminderScheduler s, ManualClock clock, Duration step, Instant until) {
    int total = 0;
    while (!clock.instant().isAfter(until)) {
      total += s.runOnce();
      clock.advance(step);
    }
    return total;
  }

  @Test
  void sendsOnce24HoursAndOnce1HourBefore() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();

    clock.set(START.minus(Duration.ofHours(26)));
    int reported = runEvery(s, clock, Duration.ofMinutes(1), START.plus(Duration.ofHours(1)));

    assertThat(whatsapp.sent)
        .extracting(RecordingChannel.Sent::at)
        .containsExactly(START.minus(Duration.ofHours(24)), START.minus(Duration.ofHours(1)));
    assertThat(whatsapp.texts()).containsOnly(REMINDER_ES);
    assertThat(reported).isEqualTo(2);
    assertThat(whatsapp.messages())
        .allSatisfy(
            m -> {
              assertThat(m.kind()).isEqualTo(MessageKind.REMINDER);
              assertThat(m.recipientKind()).isEqualTo(RecipientKind.CUSTOMER);
              assertThat(m.address()).isEqualTo("+56912345678");
              assertThat(m.templateKey()).isEqualTo("reminder_customer");
            });
    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::idempotencyKey)
        .doesNotHaveDuplicates();
    assertThat(reminders.records())
        .extracting(ReminderRecord::state)
        .containsOnly(ReminderState.SENT);
  }

  @Test
  void runningAtIrregularTimesStillSendsEachReminderOnce() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(25)));

    runEvery(s, clock, Duration.ofSeconds(97), START.plus(Duration.ofMinutes(5)));

    assertThat(whatsapp.sent).hasSize(2);
    assertThat(whatsapp.sent.get(0).at())
        .isBetween(
            START.minus(Duration.ofHours(24)), START.minus(Duration.ofHours(24)).plusSeconds(97));
  }

  @Test
  void aCancelledAppointmentGetsNoMoreReminders() {
    book("a1", START);
    book("a2", START.plus(Duration.ofHours(1)), ResourceId.of("dr-ben"));
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(25)));
    runEvery(s, clock, Duration.ofMinutes(5), START.minus(Duration.ofHours(20)));
    assertThat(whatsapp.sent).as("both 24 h reminders").hasSize(2);

    update("a1", b -> b.status(AppointmentStatus.CANCELLED));
    update("a2", b -> b.status(AppointmentStatus.NO_SHOW));
    runEvery(s, clock, Duration.ofMinutes(5), START.plus(Duration.ofHours(2)));

    assertThat(whatsapp.sent).as("no 1 h reminder after cancel or no-show").hasSize(2);
  }

  private Appointment book(String id, Instant start, ResourceId resource) {
    return book(id, resource, start, maria());
  }

  @Test
  void aCancelledAppointmentGetsNone() {
    book("a1", START);
    update("a1", b -> b.status(AppointmentStatus.CANCELLED));
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(25)));

    assertThat(runEvery(s, clock, Duration.ofMinutes(1), START)).isZero();
    assertThat(whatsapp.attempts).hasValue(0);
  }

  @Test
  void aRescheduledAppointmentIsRemindedOfItsNewTimeOnly() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(25)));
    runEvery(s, clock, Duration.ofMinutes(2), START.minus(Duration.ofHours(20)));
    assertThat(whatsapp.texts()).containsExactly(REMINDER_ES);

    Instant newStart = START.plus(Duration.ofDays(2)); // Thursday 17 September, 14:00
    update(
        "a1",
        b ->
            b.start(newStart)
                .end(newStart.plus(Duration.ofMinutes(30)))
                .status(AppointmentStatus.RESCHEDULED));
    runEvery(s, clock, Duration.ofMinutes(2), newStart.plus(Duration.ofHours(1)));

    String thursday =
        "Hola María, tu cita de Consulta general es el jueves 17 de septiembre a las 14:00.";
    assertThat(whatsapp.texts()).containsExactly(REMINDER_ES, thursday, thursday);
    assertThat(whatsapp.sent)
        .extracting(RecordingChannel.Sent::at)
        .doesNotContain(START.minus(Duration.ofHours(1)))
        .contains(newStart.minus(Duration.ofHours(24)), newStart.minus(Duration.ofHours(1)));
  }

  @Test
  void anAppointmentMovedBetweenTheQueryAndTheClaimIsNotRemindedOfItsOldTime() {
    book("a1", START);
    ReminderStore movingStore =
        new ForwardingReminderStore(reminders) {
          @Override
          public Optional<ReminderRecord> claim(
              ReminderKey key, String worker, Instant now, Duration lease) {
            Optional<ReminderRecord> claimed = super.claim(key, worker, now, lease);
            update(
                "a1",
                b ->
                    b.start(START.plus(Duration.ofDays(1)))
                        .end(START.plus(Duration.ofDays(1)).plusSeconds(1800))
                        .status(AppointmentStatus.RESCHEDULED));
            return claimed;
          }
        };
    clock.set(START.minus(Duration.ofHours(24)));

    int sent = scheduler().reminderStore(movingStore).build().runOnce();

    assertThat(sent).isZero();
    assertThat(whatsapp.attempts).hasValue(0);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ReminderState.ABANDONED));
  }

  @Test
  void fourSchedulersRacingSendEachReminderOnce() throws Exception {
    for (int i = 0; i < 16; i++) {
      book("a" + i, ResourceId.of("agent-" + i), START.plus(Duration.ofMinutes(i)), maria());
    }
    clock.set(
        START
            .plus(Duration.ofMinutes(15))
            .minus(Duration.ofHours(24))); // all 16 in their 24 h window
    List<ReminderScheduler> nodes = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      nodes.add(scheduler().workerId("node-" + n).build());
    }
    CyclicBarrier barrier = new CyclicBarrier(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (ReminderScheduler node : nodes) {
        results.add(
            pool.submit(
                () -> {
                  barrier.await(10, TimeUnit.SECONDS);
                  int sent = 0;
                  for (int round = 0; round < 5; round++) {
                    sent += node.runOnce();
                  }
                  return sent;
                }));
      }
      int reported = 0;
      for (Future<Integer> f : results) {
        reported += f.get(30, TimeUnit.SECONDS);
      }

      assertThat(whatsapp.attempts).as("channel sends").hasValue(16);
      assertThat(whatsapp.messages())
          .extracting(OutgoingMessage::appointmentId)
          .doesNotHaveDuplicates()
          .hasSize(16);
      assertThat(reported).isEqualTo(16);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aSendThatCrashedIsRetriedAfterTheLeaseAndSentOnce() {
    book("a1", START);
    ReminderScheduler s = scheduler().lease(Duration.ofMinutes(2)).build();
    whatsapp.thenFail(
        () -> {
          throw new WorkerDied();
        });
    clock.set(START.minus(Duration.ofHours(24)));

    assertThatThrownBy(s::runOnce).isInstanceOf(WorkerDied.class);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ReminderState.CLAIMED);
              assertThat(r.owner()).contains("node-1");
            });

    clock.advance(Duration.ofMinutes(1));
    ReminderScheduler other = scheduler().workerId("node-2").build();
    assertThat(other.runOnce()).as("the claim is still leased").isZero();

    clock.advance(Duration.ofMinutes(1)); // the lease has ended
    assertThat(other.runOnce()).isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(other.runOnce() + s.runOnce()).isZero();

    assertThat(whatsapp.texts()).containsExactly(REMINDER_ES);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ReminderState.SENT);
              assertThat(r.claims()).isEqualTo(2);
            });
  }

  /** Stands for a worker that dies mid-send (an Error is not caught by the scheduler). */
  static final class WorkerDied extends Error {
    private static final long serialVersionUID = 1L;

    WorkerDied() {
      super("test: worker died");
    }
  }

  @Test
  void aFailedSendIsRetriedNextRunAndSentOnce() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();
    whatsapp.thenFail(
        () -> {
          throw new SchedulingException("test: provider timeout");
        });
    whatsapp.thenFail(() -> SendResult.refused("test: rate limited"));
    clock.set(START.minus(Duration.ofHours(24)));

    assertThat(s.runOnce()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce()).isZero();
    clock.advance(Duration.ofMinutes(1));
    assertThat(s.runOnce()).isEqualTo(1);
    runEvery(s, clock, Duration.ofMinutes(1), START.minus(Duration.ofHours(23)));

    assertThat(whatsapp.attempts).hasValue(3);
    assertThat(whatsapp.texts()).containsExactly(REMINDER_ES);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(r -> assertThat(r.failures()).isEqualTo(2));
  }

  @Test
  void failuresAreCappedThenTheReminderIsAbandoned() {
    book("a1", START);
    whatsapp.refuseEverything();
    ReminderScheduler s = scheduler().maxAttempts(3).build();
    clock.set(START.minus(Duration.ofHours(24)));

    runEvery(
        s,
        clock,
        Duration.ofMinutes(1),
        START.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(30)));

    assertThat(whatsapp.attempts).as("three tries, then given up").hasValue(3);
    assertThat(whatsapp.sent).isEmpty();
    assertThat(reminders.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ReminderState.ABANDONED);
              assertThat(r.lastError().orElseThrow())
                  .contains("blocked", "+********678")
                  .doesNotContain("+56912345678");
            });
  }

  @Test
  void anAcceptedReminderIsNeverSentAgainEvenIfMarkingItSentFails() {
    book("a1", START);
    AtomicInteger markFailures = new AtomicInteger(5);
    ReminderStore flaky =
        new ForwardingReminderStore(reminders) {
          @Override
          public boolean markSent(ReminderKey key, String worker, String channelMessageId) {
            if (markFailures.getAndDecrement() > 0) {
              throw new SchedulingException("test: database unavailable");
            }
            return super.markSent(key, worker, channelMessageId);
          }
        };
    ReminderScheduler s = scheduler().reminderStore(flaky).lease(Duration.ofMinutes(2)).build();
    clock.set(START.minus(Duration.ofHours(24)));

    assertThat(s.runOnce()).isEqualTo(1);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(
            r -> assertThat(r.state()).as("not marked yet").isEqualTo(ReminderState.CLAIMED));
    runEvery(
        s,
        clock,
        Duration.ofMinutes(1),
        START.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(20)));

    assertThat(whatsapp.attempts).as("sent once, though the claim expired meanwhile").hasValue(1);
    assertThat(reminders.records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.state()).isEqualTo(ReminderState.SENT);
              assertThat(r.channelMessageId()).contains("whatsapp-msg-1");
            });
  }

  @Test
  void aReminderWhoseTimePassedLongAgoIsSkippedNotSentLate() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(23))); // the app was down at the 24 h mark

    int reported = runEvery(s, clock, Duration.ofMinutes(10), START.plus(Duration.ofHours(1)));

    assertThat(whatsapp.sent)
        .extracting(RecordingChannel.Sent::at)
        .containsExactly(START.minus(Duration.ofHours(1)));
    assertThat(reported).isEqualTo(1);
  }

  @Test
  void aReminderALittleLateIsStillSentWithinTheGrace() {
    book("a1", START);
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(25)));

    assertThat(s.runOnce()).isEqualTo(1);
    clock.set(START.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(31)));
    book("a2", START, ResourceId.of("dr-ben"));
    assertThat(s.runOnce()).as("31 minutes late is past the grace").isZero();
  }

  @Test
  void aReminderDueBeforeTheBookingWasMadeIsNotSent() {
    clock.set(START.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(5)));
    book("a1", START); // booked 23 h 55 min ahead: the confirmation says it all

    int reported = runEvery(scheduler().build(), clock, Duration.ofMinutes(1), START);

    assertThat(whatsapp.sent)
        .extracting(RecordingChannel.Sent::at)
        .containsExactly(START.minus(Duration.ofHours(1)));
    assertThat(reported).isEqualTo(1);
  }

  @Test
  void preferencesRouteRemindersToCustomerAgentAndOwnerAndSkipChannelsTheProviderCovers() {
    RecordingChannel email = RecordingChannel.email(clock);
    preferences.save(
        TENANT,
        NotificationPreferences.builder()
            .recipients(
                MessageKind.REMINDER,
                RecipientKind.CUSTOMER,
                RecipientKind.AGENT,
                RecipientKind.OWNER)
            .agent(
                ANA,
                Attendee.builder("Ana Soto")
                    .phone("+56922223333")
                    .email("ana@norte.cl")
                    .locale(Locale.forLanguageTag("en-US"))
                    .build())
            .owner(Attendee.builder("Dueño").email("admin@norte.cl").build())
            .providerNotifiesAttendee(true)
            .skipChannelsWhenProviderNotifies("email")
            .build());
    book("a1", START);
    ReminderScheduler s =
        scheduler()
            .channel(email)
            .policy(ReminderPolicy.builder().offsets(Duration.ofHours(24)).build())
            .build();
    clock.set(START.minus(Duration.ofHours(24)));

    assertThat(s.runOnce()).isEqualTo(4);
    assertThat(s.runOnce()).isZero();

    assertThat(whatsapp.messages())
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address, OutgoingMessage::text)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                RecipientKind.CUSTOMER, "+56912345678", REMINDER_ES),
            org.assertj.core.groups.Tuple.tuple(
                RecipientKind.AGENT,
                "+56922223333",
                "Reminder: María, Consulta general, on Tuesday, September 15 at 2:00 PM."));
    assertThat(email.messages())
        .extracting(OutgoingMessage::recipientKind, OutgoingMessage::address)
        .as("no e-mail to the customer: the provider e-mails them")
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(RecipientKind.AGENT, "ana@norte.cl"),
            org.assertj.core.groups.Tuple.tuple(RecipientKind.OWNER, "admin@norte.cl"));
  }

  @Test
  void tenantsNotListedGetNothingAndDefaultsRemindOnlyTheCustomer() {
    book("a1", START);
    TenantId other = TenantId.of("clinica-sur");
    appointments.insert(
        appointments.find(TENANT, AppointmentId.of("a1")).orElseThrow().toBuilder()
            .tenant(other)
            .build(),
        ConflictCheck.none());
    preferences.save(
        TENANT,
        NotificationPreferences.builder()
            .agent(ANA, Attendee.builder("Ana Soto").phone("+56922223333").build())
            .build());
    clock.set(START.minus(Duration.ofHours(24)));

    assertThat(scheduler().build().runOnce()).isEqualTo(1);
    assertThat(whatsapp.messages())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.tenant()).isEqualTo(TENANT);
              assertThat(m.recipientKind()).isEqualTo(RecipientKind.CUSTOMER);
            });
  }

  @Test
  void aCustomerWithoutAPhoneGetsNoWhatsAppReminder() {
    book("a1", ANA, START, Attendee.builder("María").email("maria@example.cl").build());
    clock.set(START.minus(Duration.ofHours(24)));

    assertThat(scheduler().build().runOnce()).isZero();
    assertThat(whatsapp.attempts).hasValue(0);
  }

  @Test
  void buildRejectsALeaseThatOutlastsTheGrace() {
    assertThatThrownBy(() -> scheduler().lease(Duration.ofMinutes(30)).build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("lease"));
    assertThatThrownBy(
            () ->
                ReminderScheduler.builder()
                    .clock(clock)
                    .appointmentStore(appointments)
                    .reminderStore(reminders)
                    .tenants(TENANT)
                    .build())
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.getMessage()).contains("channel"));
  }

  @Test
  void eachReminderIsSentWithItsTenantAndAppointmentInTheMdcAndNoneAfter() {
    book("a1", START);
    List<Map<String, String>> seen = new CopyOnWriteArrayList<>();
    whatsapp.thenFail(
        () -> {
          seen.add(CapturingLogProvider.mdc());
          throw new IllegalStateException("channel bug");
        });
    ReminderScheduler s = scheduler().build();
    clock.set(START.minus(Duration.ofHours(24)));

    s.runOnce();

    assertThat(seen)
        .containsExactly(Map.of(LogContext.TENANT, TENANT.value(), LogContext.APPOINTMENT, "a1"));
    assertThat(MDC.getCopyOfContextMap()).isNullOrEmpty();
  }
}
