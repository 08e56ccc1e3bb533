package dev.cita.scheduling.webhook;

import static java.time.temporal.ChronoUnit.MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.DuplicateAppointmentException;
import dev.cita.scheduling.ForwardingAppointmentStore;
import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.memory.InMemoryAppointmentStore;
import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.webhook.EventApplier.Applied;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * How one provider event changes the local appointment: which appointment it is about, what it may
 * change, when it is ignored and what it warns about.
 */
class EventApplierTest {
  private static final TenantId NORTE = TenantId.of("norte");
  private static final String CALCOM = "calcom";
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Instant T0 = Instant.parse("2026-03-10T13:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofMinutes(30));
  private static final ResourceId ANA = ResourceId.of("dra-ana");
  private static final AppointmentTypeId CONSULTA = AppointmentTypeId.of("consulta");
  private static final Attendee CAMILA = Attendee.builder("Camila Rojas").build();
  private static final Attendee PEDRO = Attendee.builder("Pedro Soto").build();
  private static final AppointmentId OURS = AppointmentId.of("appt-ours-1");
  private static final AppointmentTagSigner TAGS = AppointmentTagSigner.ephemeral();

  private final InMemoryAppointmentStore memory = new InMemoryAppointmentStore();
  private final InMemoryWebhookInbox inbox = new InMemoryWebhookInbox();
  private final TestClock clock = new TestClock(NOW);

  private EventApplier applier(AppointmentStore store, boolean withOutbox) {
    return new EventApplier(store, inbox, withOutbox ? memory.outbox() : null, TAGS, clock, false);
  }

  private Applied apply(ProviderBookingEvent event) {
    return applier(memory, false).apply(event);
  }

  private static ProviderBookingEvent.Builder event(
      String externalId, AppointmentStatus status, Instant at) {
    return ProviderBookingEvent.builder(CALCOM, NORTE, externalId, status, at);
  }

  /** An event carrying everything a new appointment needs, at T0..T1 for Camila. */
  private static ProviderBookingEvent.Builder full(
      String externalId, AppointmentStatus status, Instant at) {
    return event(externalId, status, at).time(T0, T1).resource(ANA).type(CONSULTA).attendee(CAMILA);
  }

  private static ProviderBookingEvent.Builder tagged(
      ProviderBookingEvent.Builder event, AppointmentId appointment) {
    return event.appointmentId(appointment).tagSignature(TAGS.sign(NORTE, CALCOM, appointment));
  }

  private static Appointment.Builder appointment(
      String id, AppointmentStatus status, @Nullable String externalRef) {
    Appointment.Builder b =
        Appointment.builder()
            .id(AppointmentId.of(id))
            .tenant(NORTE)
            .resource(ANA)
            .type(CONSULTA)
            .attendee(CAMILA)
            .start(T0)
            .end(T1)
            .displayZone(ZoneOffset.UTC)
            .status(status)
            .createdAt(NOW.minus(Duration.ofDays(1)))
            .updatedAt(NOW.minus(Duration.ofDays(1)));
    if (externalRef != null) {
      b.externalRef(CALCOM, externalRef);
    }
    return b;
  }

  /** An appointment the provider told us about an hour ago, under {@code externalRef}. */
  private Appointment known(String externalRef, AppointmentStatus status) {
    return memory.insert(
        appointment("appt-" + externalRef, status, externalRef)
            .providerEventAt(NOW.minus(Duration.ofHours(1)))
            .build(),
        ConflictCheck.none());
  }

  private Appointment stored(AppointmentId id) {
    return memory.find(NORTE, id).orElseThrow();
  }

  private List<Appointment> holdingT0() {
    return memory.findTimeHolding(NORTE, ANA, T0, T1);
  }

  @Test
  void anEventMovingACollectiveAppointmentKeepsAndMovesItsParticipants() {
    ResourceId ben = ResourceId.of("dr-ben");
    Appointment collective =
        memory.insert(
            appointment("appt-c-1", AppointmentStatus.SCHEDULED, "c-1")
                .participants(List.of(ben))
                .providerEventAt(NOW.minus(Duration.ofHours(1)))
                .build(),
            ConflictCheck.none());
    Instant later = T1.plus(Duration.ofHours(1));

    apply(
        event("c-1", AppointmentStatus.SCHEDULED, NOW)
            .time(later, later.plus(30, MINUTES))
            .build());

    Appointment moved = stored(collective.id());
    assertThat(moved.participants()).containsExactly(ben);
    assertThat(moved.start()).isEqualTo(later);
    assertThat(memory.findTimeHolding(NORTE, ben, T0, T1)).isEmpty();
    assertThat(memory.findTimeHolding(NORTE, ben, later, later.plusSeconds(60)))
        .containsExactly(moved);
    apply(event("c-1", AppointmentStatus.CANCELLED, NOW.plusSeconds(1)).build());
    assertThat(memory.findTimeHolding(NORTE, ben, later, later.plusSeconds(60))).isEmpty();
    assertThat(stored(collective.id()).participants()).containsExactly(ben);
  }

  @Test
  void anEventOfABookingWeKnowIsAppliedWithoutCheckingItsTag() {
    known("b-1", AppointmentStatus.SCHEDULED);
    AppointmentTagSigner keysUnavailable =
        AppointmentTagSigner.perTenantKeys(
            tenant -> {
              throw new IllegalStateException("the secret store is down");
            });
    EventApplier applier = new EventApplier(memory, inbox, null, keysUnavailable, clock, false);

    Applied applied =
        applier.apply(tagged(full("b-1", AppointmentStatus.CONFIRMED, NOW), OURS).build());

    assertThat(applied.after()).isNotNull();
    assertThat(stored(AppointmentId.of("appt-b-1")).status())
        .isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void aRedeliveredRescheduleUpdatesTheAppointmentThatAlreadyHoldsTheNewId() {
    Appointment current = known("b-2", AppointmentStatus.SCHEDULED);

    Applied applied =
        apply(
            full("b-2", AppointmentStatus.SCHEDULED, NOW)
                .previousExternalId("b-1")
                .attendee(PEDRO)
                .build());

    assertThat(applied.after()).isNotNull();
    assertThat(applied.after().id()).isEqualTo(current.id());
    assertThat(applied.after().attendee()).isEqualTo(PEDRO);
    assertThat(holdingT0()).hasSize(1);
  }

  @Test
  void withoutAnOutboxAnAuthenticTagRecordsTheNewIdOnTheTaggedAppointment() {
    memory.insert(
        appointment(OURS.value(), AppointmentStatus.CONFIRMED, "b-1").build(),
        ConflictCheck.none());

    Applied applied = apply(tagged(full("b-2", AppointmentStatus.SCHEDULED, NOW), OURS).build());

    assertThat(applied.after()).isNotNull();
    assertThat(applied.after().id()).isEqualTo(OURS);
    assertThat(stored(OURS).externalRef(CALCOM)).contains("b-2");
    assertThat(holdingT0()).hasSize(1);
  }

  @Test
  void withAnOutboxATagSteersTheBookingOnlyWhileAPushIsInFlight() {
    memory.insert(
        appointment(OURS.value(), AppointmentStatus.CONFIRMED, null).build(), ConflictCheck.none());
    EventApplier applier = applier(memory, true);

    Applied untrusted =
        applier.apply(tagged(full("b-1", AppointmentStatus.SCHEDULED, NOW), OURS).build());

    assertThat(untrusted.after()).isNotNull();
    assertThat(untrusted.after().id()).as("a separate booking").isNotEqualTo(OURS);
    assertThat(stored(OURS).externalRef(CALCOM)).isEmpty();

    Appointment moved = stored(OURS).toBuilder().start(T1).end(T1.plusSeconds(1800)).build();
    memory.update(
        moved,
        ConflictCheck.none(),
        List.of(OutboxEntry.pending(NORTE, OURS, CALCOM, SyncAction.CREATE, 1, NOW)));
    Applied trusted =
        applier.apply(
            tagged(
                    event("b-2", AppointmentStatus.SCHEDULED, NOW.plusSeconds(60))
                        .time(T1, T1.plusSeconds(1800)),
                    OURS)
                .build());

    assertThat(trusted.after()).isNotNull();
    assertThat(trusted.after().id()).isEqualTo(OURS);
    assertThat(stored(OURS).externalRef(CALCOM)).contains("b-2");
  }

  @Test
  void aTagNamingNoLocalAppointmentCreatesTheBooking() {
    Applied applied =
        applier(memory, true)
            .apply(tagged(full("b-1", AppointmentStatus.SCHEDULED, NOW), OURS).build());

    assertThat(applied.after()).isNotNull();
    assertThat(applied.after().id()).isNotEqualTo(OURS);
    assertThat(applied.after().externalRef(CALCOM)).contains("b-1");
  }

  @Test
  void aTaggedCancelOfAnAppointmentWithoutAProviderIdCancelsIt() {
    memory.insert(
        appointment(OURS.value(), AppointmentStatus.CONFIRMED, null).build(), ConflictCheck.none());

    Applied applied = apply(tagged(event("b-1", AppointmentStatus.CANCELLED, NOW), OURS).build());

    assertThat(applied.after()).isNotNull();
    assertThat(stored(OURS).status()).isEqualTo(AppointmentStatus.CANCELLED);
  }

  @Test
  void anUnknownBookingLackingAPartIsIgnoredNamingIt() {
    ProviderBookingEvent noTime =
        event("b-1", AppointmentStatus.SCHEDULED, NOW)
            .resource(ANA)
            .type(CONSULTA)
            .attendee(CAMILA)
            .build();
    ProviderBookingEvent noType =
        event("b-2", AppointmentStatus.SCHEDULED, NOW)
            .time(T0, T1)
            .resource(ANA)
            .attendee(CAMILA)
            .build();
    ProviderBookingEvent noAttendee =
        event("b-3", AppointmentStatus.SCHEDULED, NOW)
            .time(T0, T1)
            .resource(ANA)
            .type(CONSULTA)
            .build();

    assertThat(apply(noTime).reason())
        .isEqualTo("unknown booking, and the event lacks start/end to create it");
    assertThat(apply(noType).reason())
        .isEqualTo("unknown booking, and the event lacks type to create it");
    assertThat(apply(noAttendee).reason())
        .isEqualTo("unknown booking, and the event lacks attendee to create it");
    assertThat(holdingT0()).isEmpty();
  }

  @Test
  void aCancelWithAllDetailsAfterABareCancelIsRecordedAsCancelled() {
    Applied bare = apply(event("b-1", AppointmentStatus.CANCELLED, NOW).build());
    assertThat(bare.reason()).isEqualTo("cancel for unknown booking b-1 recorded");

    Applied detailed = apply(full("b-1", AppointmentStatus.CANCELLED, NOW.plusSeconds(1)).build());

    assertThat(detailed.after()).isNotNull();
    assertThat(detailed.after().status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(detailed.after().externalRef(CALCOM)).contains("b-1");
  }

  @Test
  void aCreateLosingTheRaceToAnotherDeliveryIsAppliedOnTopOfIt() {
    // The other delivery created the same booking (same derived id) between our read and write.
    AppointmentStore racing =
        racingStore(created -> created.toBuilder().status(AppointmentStatus.SCHEDULED));

    Applied applied =
        applier(racing, false).apply(full("b-1", AppointmentStatus.CONFIRMED, NOW).build());

    assertThat(applied.after()).isNotNull();
    assertThat(applied.after().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(holdingT0()).hasSize(1);
  }

  @Test
  void aCreateRefusedBecauseAnotherAppointmentTookTheProviderIdUpdatesThatOne() {
    // Like the JDBC store: the provider id is unique, whichever appointment holds it.
    AppointmentStore racing =
        racingStore(created -> appointment("appt-other", AppointmentStatus.SCHEDULED, "b-1"));

    Applied applied =
        applier(racing, false).apply(full("b-1", AppointmentStatus.CONFIRMED, NOW).build());

    assertThat(applied.after()).isNotNull();
    assertThat(applied.after().id()).isEqualTo(AppointmentId.of("appt-other"));
    assertThat(applied.after().status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(holdingT0()).hasSize(1);
  }

  /**
   * A store whose first insert loses a race: {@code winner} of the appointment being inserted is
   * stored first, then the insert is refused as a duplicate.
   */
  private AppointmentStore racingStore(Function<Appointment, Appointment.Builder> winner) {
    AtomicBoolean raced = new AtomicBoolean();
    return new ForwardingAppointmentStore(memory) {
      @Override
      public Appointment insert(
          Appointment appointment, ConflictCheck check, List<OutboxEntry> outbox) {
        if (raced.compareAndSet(false, true)) {
          memory.insert(winner.apply(appointment).build(), ConflictCheck.none());
          throw new DuplicateAppointmentException(appointment.id());
        }
        return super.insert(appointment, check, outbox);
      }
    };
  }

  @Test
  void aCancelHeldBackByAnUnpushedLocalChangeIsLoggedAsAWarning() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);
    memory.update(
        current.toBuilder().attendee(PEDRO).build(),
        ConflictCheck.none(),
        List.of(OutboxEntry.pending(NORTE, current.id(), CALCOM, SyncAction.UPDATE, 1, NOW)));
    EventApplier applier = applier(memory, true);
    Instant before = NOW.minusSeconds(60);

    String cancel =
        CapturedLog.of(
            () -> applier.apply(event("b-1", AppointmentStatus.CANCELLED, before).build()));
    String booked =
        CapturedLog.of(
            () -> applier.apply(event("b-1", AppointmentStatus.SCHEDULED, before).build()));

    assertThat(cancel).contains("WARN").contains("cancel it in Cita");
    assertThat(booked).contains("still being pushed").doesNotContain("cancel it in Cita");
    assertThat(stored(current.id()).status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @Test
  void aCancelOfAnAlreadyCancelledAppointmentHeldBackByALocalChangeIsNoWarning() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);
    memory.update(
        current.toBuilder().status(AppointmentStatus.CANCELLED).build(),
        ConflictCheck.none(),
        List.of(OutboxEntry.pending(NORTE, current.id(), CALCOM, SyncAction.CANCEL, 1, NOW)));
    EventApplier applier = applier(memory, true);

    String log =
        CapturedLog.of(
            () ->
                applier.apply(
                    event("b-1", AppointmentStatus.CANCELLED, NOW.minusSeconds(60)).build()));

    assertThat(log).contains("still being pushed").doesNotContain("cancel it in Cita");
  }

  @Test
  void anEventWithoutTimesChangesTheStatusAndKeepsTheTimes() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);

    apply(event("b-1", AppointmentStatus.CONFIRMED, NOW).build());

    assertThat(stored(current.id()).status()).isEqualTo(AppointmentStatus.CONFIRMED);
    assertThat(stored(current.id()).start()).isEqualTo(T0);
  }

  @Test
  void aCancelCarryingOtherTimesDoesNotMoveTheAppointment() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);

    apply(
        event("b-1", AppointmentStatus.CANCELLED, NOW)
            .time(T0.plus(Duration.ofHours(1)), T1.plus(Duration.ofHours(1)))
            .build());

    assertThat(stored(current.id()).status()).isEqualTo(AppointmentStatus.CANCELLED);
    assertThat(stored(current.id()).start()).isEqualTo(T0);
    assertThat(stored(current.id()).end()).isEqualTo(T1);
  }

  @Test
  void movingOnlyTheStartOrOnlyTheEndReschedules() {
    Appointment early = known("b-1", AppointmentStatus.SCHEDULED);
    Appointment late = known("b-2", AppointmentStatus.SCHEDULED);
    Instant earlier = T0.minus(Duration.ofMinutes(15));
    Instant later = T1.plus(Duration.ofMinutes(15));

    apply(event("b-1", AppointmentStatus.SCHEDULED, NOW).time(earlier, T1).build());
    apply(event("b-2", AppointmentStatus.SCHEDULED, NOW).time(T0, later).build());

    assertThat(stored(early.id()).start()).isEqualTo(earlier);
    assertThat(stored(early.id()).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
    assertThat(stored(late.id()).end()).isEqualTo(later);
    assertThat(stored(late.id()).status()).isEqualTo(AppointmentStatus.RESCHEDULED);
  }

  @Test
  void aChangeAtTheSameInstantAsTheLastAppliedEventIsApplied() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);
    Instant last = current.providerEventAt().orElseThrow();

    Applied applied = apply(event("b-1", AppointmentStatus.CONFIRMED, last).build());

    assertThat(applied.after()).isNotNull();
    assertThat(stored(current.id()).status()).isEqualTo(AppointmentStatus.CONFIRMED);
  }

  @Test
  void theEchoOfAnAppointmentCitaMadeRecordsTheProviderTimeAndReportsNoChange() {
    Appointment current =
        memory.insert(
            appointment(OURS.value(), AppointmentStatus.SCHEDULED, "b-1").build(),
            ConflictCheck.none());

    Applied applied = apply(full("b-1", AppointmentStatus.SCHEDULED, NOW).build());

    assertThat(applied.after()).isNull();
    assertThat(applied.reason()).isEqualTo("no change");
    assertThat(stored(current.id()).providerEventAt()).contains(NOW);
  }

  @Test
  void aNewerEventWithoutChangesStillAdvancesTheProviderTime() {
    Appointment current = known("b-1", AppointmentStatus.SCHEDULED);

    Applied applied = apply(full("b-1", AppointmentStatus.SCHEDULED, NOW).build());
    Applied older = apply(event("b-1", AppointmentStatus.CANCELLED, NOW.minusSeconds(60)).build());

    assertThat(applied.after()).isNull();
    assertThat(applied.reason()).isEqualTo("no change");
    assertThat(stored(current.id()).providerEventAt()).contains(NOW);
    assertThat(older.after()).as("an event older than the confirmed state").isNull();
    assertThat(stored(current.id()).status()).isEqualTo(AppointmentStatus.SCHEDULED);
  }

  @ParameterizedTest
  @EnumSource(names = {"SCHEDULED", "CONFIRMED", "RESCHEDULED"})
  void aPlainBookedEventAtTheSameTimesKeepsTheActiveStatus(AppointmentStatus status) {
    Appointment current = known("b-1", status);

    Applied applied = apply(full("b-1", AppointmentStatus.SCHEDULED, NOW).attendee(PEDRO).build());

    assertThat(applied.after()).isNotNull();
    assertThat(stored(current.id()).status()).isEqualTo(status);
    assertThat(stored(current.id()).attendee()).isEqualTo(PEDRO);
  }

  @ParameterizedTest
  @EnumSource(names = {"CONFIRMED", "CANCELLED"})
  void anEventRepeatingTheCurrentStatusAppliesItsOtherChanges(AppointmentStatus status) {
    Appointment current = known("b-1", status);

    apply(event("b-1", status, NOW).attendee(PEDRO).build());

    assertThat(stored(current.id()).status()).isEqualTo(status);
    assertThat(stored(current.id()).attendee()).isEqualTo(PEDRO);
  }

  @Test
  void aStatusTheLifecycleForbidsIsIgnoredWithEverythingElseTheEventCarries() {
    Appointment current = known("b-1", AppointmentStatus.CONFIRMED);

    Applied applied = apply(event("b-1", AppointmentStatus.REQUESTED, NOW).attendee(PEDRO).build());

    assertThat(applied.reason()).isEqualTo("status CONFIRMED cannot become REQUESTED");
    assertThat(stored(current.id()).attendee()).isEqualTo(CAMILA);
  }

  @Test
  void aCancelledAppointmentIsNotBookedAgainByAnEvent() {
    Appointment current = known("b-1", AppointmentStatus.CANCELLED);

    Applied applied = apply(full("b-1", AppointmentStatus.SCHEDULED, NOW).attendee(PEDRO).build());

    assertThat(applied.after()).isNull();
    assertThat(applied.reason()).isEqualTo("status CANCELLED cannot become SCHEDULED");
    assertThat(stored(current.id()).attendee()).isEqualTo(CAMILA);
  }

  @Test
  void aWebhookBookingOverlappingAnotherAppointmentIsRecordedWithAWarning() {
    known("b-1", AppointmentStatus.SCHEDULED);

    String log = CapturedLog.of(() -> apply(full("b-2", AppointmentStatus.SCHEDULED, NOW).build()));

    assertThat(log).contains("WARN").contains("overlaps 1 other appointment(s) of resource");
    assertThat(holdingT0()).hasSize(2);
  }

  @Test
  void aWebhookBookingAloneOnItsTimeOrCancelledLogsNoOverlap() {
    String alone =
        CapturedLog.of(() -> apply(full("b-1", AppointmentStatus.SCHEDULED, NOW).build()));
    String cancelled =
        CapturedLog.of(() -> apply(full("b-2", AppointmentStatus.CANCELLED, NOW).build()));

    assertThat(alone).doesNotContain("overlaps");
    assertThat(cancelled).doesNotContain("overlaps");
    assertThat(holdingT0()).hasSize(1);
  }

  @Test
  void aMoveOntoAnotherAppointmentWarnsAndAStatusChangeDoesNotWarnAgain() {
    known("b-1", AppointmentStatus.SCHEDULED);
    Appointment moving =
        memory.insert(
            appointment("appt-b-2", AppointmentStatus.SCHEDULED, "b-2")
                .start(T1)
                .end(T1.plusSeconds(1800))
                .providerEventAt(NOW.minus(Duration.ofHours(1)))
                .build(),
            ConflictCheck.none());

    String moved =
        CapturedLog.of(
            () -> apply(event("b-2", AppointmentStatus.SCHEDULED, NOW).time(T0, T1).build()));
    String confirmed =
        CapturedLog.of(
            () -> apply(event("b-2", AppointmentStatus.CONFIRMED, NOW.plusSeconds(1)).build()));

    assertThat(moved).contains("overlaps 1 other appointment(s)");
    assertThat(confirmed).doesNotContain("overlaps");
    assertThat(stored(moving.id()).status()).isEqualTo(AppointmentStatus.CONFIRMED);
  }
}
