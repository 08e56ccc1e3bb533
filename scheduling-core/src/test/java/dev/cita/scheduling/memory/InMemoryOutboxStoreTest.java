package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.AppointmentStatus;
import dev.cita.scheduling.model.AppointmentTypeId;
import dev.cita.scheduling.model.Attendee;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Claim order, leases and dead-letter blocking of {@link InMemoryOutboxStore}. */
class InMemoryOutboxStoreTest {
  private static final TenantId TENANT = TenantId.of("clinica-norte");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final InMemoryAppointmentStore store = new InMemoryAppointmentStore();
  private final InMemoryOutboxStore outbox = store.outbox();

  private Appointment appt(String id, int hour) {
    return Appointment.builder()
        .id(AppointmentId.of(id))
        .tenant(TENANT)
        .resource(ResourceId.of("ana"))
        .type(AppointmentTypeId.of("consult"))
        .attendee(Attendee.builder("Camila").build())
        .start(T0.plus(Duration.ofHours(hour)))
        .end(T0.plus(Duration.ofHours(hour)).plus(Duration.ofMinutes(30)))
        .displayZone(ZoneId.of("America/Santiago"))
        .status(AppointmentStatus.SCHEDULED)
        .createdAt(T0)
        .updatedAt(T0)
        .build();
  }

  private static OutboxEntry entry(
      Appointment a, String provider, SyncAction action, long sequence) {
    return OutboxEntry.pending(a.tenant(), a.id(), provider, action, sequence, T0);
  }

  @Test
  void onlyTheFirstEntryOfEachAppointmentAndProviderIsClaimed() {
    Appointment a = appt("a", 0);
    store.insert(
        a,
        ConflictCheck.none(),
        List.of(
            entry(a, "google", SyncAction.CREATE, 0), entry(a, "calcom", SyncAction.CREATE, 0)));
    store.update(
        a.toBuilder().status(AppointmentStatus.CANCELLED).build(),
        ConflictCheck.none(),
        List.of(
            entry(a, "google", SyncAction.CANCEL, 1), entry(a, "calcom", SyncAction.CANCEL, 1)));

    List<OutboxEntry> claimed = outbox.claimDue(T0, 10, "w1", LEASE);

    assertThat(claimed).extracting(OutboxEntry::action).containsOnly(SyncAction.CREATE);
    assertThat(claimed)
        .extracting(OutboxEntry::provider)
        .containsExactlyInAnyOrder("google", "calcom");
    assertThat(claimed).allSatisfy(e -> assertThat(e.leaseUntil()).contains(T0.plus(LEASE)));
    assertThat(outbox.claimDue(T0, 10, "w2", LEASE)).as("leased").isEmpty();
  }

  @Test
  void aDeadEntryBlocksItsOwnStreamOnlyUntilRequeued() {
    Appointment a = appt("a", 0);
    Appointment b = appt("b", 2);
    store.insert(a, ConflictCheck.none(), List.of(entry(a, "google", SyncAction.CREATE, 0)));
    store.update(
        a.toBuilder().notes("x").build(),
        ConflictCheck.none(),
        List.of(entry(a, "google", SyncAction.UPDATE, 1)));
    OutboxEntry create = outbox.claimDue(T0, 10, "w1", LEASE).get(0);
    assertThat(outbox.deadLetter(create.id(), "w1", 3, "boom", false)).isTrue();
    store.insert(b, ConflictCheck.none(), List.of(entry(b, "google", SyncAction.CREATE, 0)));

    assertThat(outbox.claimDue(T0, 10, "w1", LEASE))
        .extracting(OutboxEntry::appointmentId)
        .containsExactly(b.id());
    assertThat(outbox.requeue(create.id())).isTrue();
    assertThat(outbox.requeue(create.id())).as("no longer dead").isFalse();
    OutboxEntry again = outbox.claimDue(T0, 10, "w1", LEASE).get(0);
    assertThat(again.id()).isEqualTo(create.id());
    assertThat(again.attempts()).isZero();
    assertThat(again.lastError()).contains("boom");
    assertThat(again.status()).isEqualTo(OutboxStatus.PENDING);
  }

  @Test
  void dueEntriesAreClaimedOldestFirstUpToTheLimit() {
    Appointment a = appt("a", 0);
    Appointment b = appt("b", 2);
    Appointment c = appt("c", 4);
    OutboxEntry late =
        entry(a, "google", SyncAction.CREATE, 0).toBuilder()
            .nextAttemptAt(T0.plusSeconds(30))
            .build();
    OutboxEntry early =
        entry(b, "google", SyncAction.CREATE, 0).toBuilder()
            .nextAttemptAt(T0.minusSeconds(30))
            .build();
    OutboxEntry notDue =
        entry(c, "google", SyncAction.CREATE, 0).toBuilder()
            .nextAttemptAt(T0.plusSeconds(90))
            .build();
    store.insert(a, ConflictCheck.none(), List.of(late));
    store.insert(b, ConflictCheck.none(), List.of(early));
    store.insert(c, ConflictCheck.none(), List.of(notDue));

    assertThat(outbox.claimDue(T0.plusSeconds(60), 1, "w1", LEASE))
        .extracting(OutboxEntry::id)
        .containsExactly(early.id());
    assertThat(outbox.claimDue(T0.plusSeconds(60), 5, "w1", LEASE))
        .extracting(OutboxEntry::id)
        .containsExactly(late.id());
  }
}
