package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.AppointmentFixtures.ANA;
import static dev.cita.scheduling.testkit.AppointmentFixtures.NORTE;
import static dev.cita.scheduling.testkit.AppointmentFixtures.SUR;
import static dev.cita.scheduling.testkit.AppointmentFixtures.appt;
import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.Appointment;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AppointmentStore;
import dev.cita.scheduling.spi.ConflictCheck;
import dev.cita.scheduling.spi.OutboxStore;
import dev.cita.scheduling.sync.OutboxBacklog;
import dev.cita.scheduling.sync.OutboxEntry;
import dev.cita.scheduling.sync.OutboxStatus;
import dev.cita.scheduling.sync.SyncAction;
import dev.cita.scheduling.testkit.Race.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link OutboxStore} must have, as the {@code SyncWorker} relies on it: a due
 * entry is claimed by one worker only, even when many claim at once; a lease that ran out can be
 * claimed again; only the worker holding the claim settles the entry ({@code complete}, {@code
 * retryLater}, {@code deadLetter}); the possibly-sent mark is never lost; of the entries of one
 * appointment and provider only the first in line is claimed; a dead entry waits for a requeue.
 *
 * <p>Entries reach an outbox only through its {@link AppointmentStore}, in the step that writes the
 * appointment, so extend it with a new, empty appointment store and the outbox it writes into:
 *
 * <pre>{@code
 * class MyOutboxStoreTest extends OutboxStoreContract {
 *   @Override
 *   protected AppointmentStore newAppointmentStore() {
 *     return new MyAppointmentStore(freshDatabase());   // empty, once per test
 *   }
 *
 *   @Override
 *   protected OutboxStore outboxOf(AppointmentStore store) {
 *     return ((MyAppointmentStore) store).outbox();
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class OutboxStoreContract {
  private static final Instant T0 = AppointmentFixtures.T0;
  private static final Duration LEASE = Duration.ofMinutes(1);

  private AppointmentStore appointments;
  private OutboxStore outbox;
  private int written;

  /** For subclasses, which supply the implementation under test. */
  protected OutboxStoreContract() {}

  /** {@return a new, empty appointment store} Called once before every test. */
  protected abstract AppointmentStore newAppointmentStore();

  /**
   * The outbox {@code store} writes the entries given with its appointments into.
   *
   * @param store a store {@link #newAppointmentStore()} returned
   * @return its outbox
   */
  protected abstract OutboxStore outboxOf(AppointmentStore store);

  /** Creates the stores under test before every test. */
  @BeforeEach
  protected final void createOutboxStore() {
    appointments = newAppointmentStore();
    assertThat(appointments).as("newAppointmentStore()").isNotNull();
    outbox = outboxOf(appointments);
    assertThat(outbox).as("outboxOf(store)").isNotNull();
    written = 0;
  }

  /**
   * Books a new appointment of {@code tenant} with a CREATE entry for {@code provider}, due at
   * {@code due}; each call books the next hour, so no two appointments overlap.
   */
  private OutboxEntry queue(TenantId tenant, String provider, Instant due) {
    Appointment a = appt("appt-" + written, tenant, ANA, 60 * written, 30);
    written++;
    OutboxEntry create = OutboxEntry.pending(tenant, a.id(), provider, SyncAction.CREATE, 0, due);
    appointments.insert(a, ConflictCheck.none(), List.of(create));
    return create;
  }

  private OutboxEntry queue(Instant due) {
    return queue(NORTE, "google", due);
  }

  /** Changes the appointment of {@code first}, with an UPDATE entry for the same provider. */
  private OutboxEntry queueUpdate(OutboxEntry first) {
    Appointment v0 = appointments.find(first.tenant(), first.appointmentId()).orElseThrow();
    OutboxEntry update =
        OutboxEntry.pending(
            first.tenant(), v0.id(), first.provider(), SyncAction.UPDATE, v0.version() + 1, T0);
    appointments.update(
        v0.toBuilder().notes("moved").build(), ConflictCheck.none(), List.of(update));
    return update;
  }

  private OutboxEntry stored(OutboxEntry e) {
    return outbox.find(e.id()).orElseThrow(() -> new AssertionError("no entry " + e.id()));
  }

  private List<String> claimIds(Instant now, int limit, String worker) {
    return outbox.claimDue(now, limit, worker, LEASE).stream().map(OutboxEntry::id).toList();
  }

  /** Claims {@code e} (and only it) for {@code worker}, failing if it was not due and free. */
  private void claimOnly(OutboxEntry e, String worker, Instant now) {
    assertThat(claimIds(now, 10, worker)).as("claimed by " + worker).containsExactly(e.id());
  }

  @Nested
  @DisplayName("claimDue")
  class ClaimDue {
    @Test
    void aDueEntryIsLeasedToTheWorkerAndCountsTheClaim() {
      OutboxEntry e = queue(T0);

      List<OutboxEntry> claimed = outbox.claimDue(T0, 10, "w1", LEASE);

      assertThat(claimed).hasSize(1);
      OutboxEntry c = claimed.get(0);
      assertThat(c.id()).isEqualTo(e.id());
      assertThat(c.claimOwner()).contains("w1");
      assertThat(c.leaseUntil()).contains(T0.plus(LEASE));
      assertThat(c.claims()).isEqualTo(1);
      assertThat(c.status()).isEqualTo(OutboxStatus.PENDING);
      assertThat(stored(e)).as("the stored entry is the claimed one").isEqualTo(c);
    }

    @Test
    void anEntryIsNotClaimedBeforeItIsDue() {
      OutboxEntry e = queue(T0.plusSeconds(30));

      assertThat(outbox.claimDue(T0.plusSeconds(29), 10, "w1", LEASE)).isEmpty();
      assertThat(stored(e).claims()).isZero();
      assertThat(claimIds(T0.plusSeconds(30), 10, "w1")).containsExactly(e.id());
    }

    @Test
    void aLeasedEntryIsNotClaimedAgainUntilItsLeaseEnds() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      assertThat(outbox.claimDue(T0.plus(LEASE).minusMillis(1), 10, "w2", LEASE)).isEmpty();
      assertThat(outbox.claimDue(T0.plusSeconds(1), 10, "w1", LEASE))
          .as("not even by its own worker")
          .isEmpty();

      List<OutboxEntry> again = outbox.claimDue(T0.plus(LEASE), 10, "w2", LEASE);
      assertThat(again).extracting(OutboxEntry::id).containsExactly(e.id());
      assertThat(again.get(0).claimOwner()).contains("w2");
      assertThat(again.get(0).leaseUntil()).contains(T0.plus(LEASE).plus(LEASE));
      assertThat(again.get(0).claims()).isEqualTo(2);
    }

    @Test
    void dueEntriesAreClaimedOldestFirstUpToTheLimit() {
      OutboxEntry third = queue(T0.plusSeconds(3));
      OutboxEntry first = queue(T0.plusSeconds(1));
      OutboxEntry second = queue(T0.plusSeconds(2));

      assertThat(claimIds(T0.plusSeconds(10), 2, "w1")).containsExactly(first.id(), second.id());
      assertThat(claimIds(T0.plusSeconds(10), 2, "w2")).containsExactly(third.id());
      assertThat(claimIds(T0.plusSeconds(10), 2, "w3")).isEmpty();
    }

    @Test
    void onlyTheFirstEntryOfAnAppointmentAndProviderIsClaimed() {
      OutboxEntry create = queue(T0);
      OutboxEntry update = queueUpdate(create);
      OutboxEntry otherAppointment = queue(T0);

      assertThat(claimIds(T0.plusSeconds(1), 10, "w1"))
          .containsExactlyInAnyOrder(create.id(), otherAppointment.id());
      assertThat(claimIds(T0.plus(LEASE).plus(LEASE), 10, "w2"))
          .as("the update waits while its create is unfinished, even with the create's lease over")
          .containsExactlyInAnyOrder(create.id(), otherAppointment.id());

      assertThat(outbox.complete(create.id(), "w2")).isTrue();
      assertThat(claimIds(T0.plus(LEASE).plus(LEASE), 10, "w3")).containsExactly(update.id());
    }

    @Test
    void entriesOfOtherProvidersAndTenantsAreNotInLine() {
      OutboxEntry google = queue(NORTE, "google", T0);
      Appointment a = appointments.find(NORTE, google.appointmentId()).orElseThrow();
      OutboxEntry update = queueUpdate(google);
      OutboxEntry calcom =
          OutboxEntry.pending(
              NORTE, a.id(), "calcom", SyncAction.UPDATE, update.sequence() + 1, T0);
      Appointment v1 = appointments.find(NORTE, a.id()).orElseThrow();
      appointments.update(
          v1.toBuilder().notes("again").build(), ConflictCheck.none(), List.of(calcom));
      OutboxEntry sur = queue(SUR, "google", T0);

      assertThat(claimIds(T0.plusSeconds(1), 10, "w1"))
          .containsExactlyInAnyOrder(google.id(), calcom.id(), sur.id());
    }

    @Test
    void aDoneEntryIsNeverClaimedAgain() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);
      outbox.complete(e.id(), "w1");

      assertThat(outbox.claimDue(T0.plus(Duration.ofDays(1)), 10, "w2", LEASE)).isEmpty();
    }
  }

  @Nested
  @DisplayName("settling: complete, retryLater, deadLetter")
  class Settling {
    @Test
    void completeMarksTheEntryDoneAndReleasesTheClaim() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      assertThat(outbox.complete(e.id(), "w1")).isTrue();

      OutboxEntry done = stored(e);
      assertThat(done.status()).isEqualTo(OutboxStatus.DONE);
      assertThat(done.claimOwner()).isEmpty();
      assertThat(done.leaseUntil()).isEmpty();
      assertThat(outbox.complete(e.id(), "w1")).as("a second complete").isFalse();
      assertThat(outbox.unfinished(NORTE, e.appointmentId(), "google")).isEmpty();
    }

    @Test
    void retryLaterReleasesTheEntryUntilItsNextAttempt() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);
      Instant next = T0.plusSeconds(90);

      assertThat(outbox.retryLater(e.id(), "w1", 1, next, "HTTP 503 from google", false)).isTrue();

      OutboxEntry waiting = stored(e);
      assertThat(waiting.status()).isEqualTo(OutboxStatus.PENDING);
      assertThat(waiting.attempts()).isEqualTo(1);
      assertThat(waiting.nextAttemptAt()).isEqualTo(next);
      assertThat(waiting.lastError()).contains("HTTP 503 from google");
      assertThat(waiting.claimOwner()).isEmpty();
      assertThat(waiting.leaseUntil()).isEmpty();
      assertThat(waiting.possiblySent()).isFalse();
      assertThat(outbox.claimDue(next.minusMillis(1), 10, "w2", LEASE)).isEmpty();
      List<OutboxEntry> again = outbox.claimDue(next, 10, "w2", LEASE);
      assertThat(again).extracting(OutboxEntry::claims).containsExactly(2);
    }

    @Test
    void deadLetterKeepsTheErrorAndTheEntryIsNotClaimedAgain() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      assertThat(outbox.deadLetter(e.id(), "w1", 8, "HTTP 400 invalid event", false)).isTrue();

      OutboxEntry dead = stored(e);
      assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
      assertThat(dead.attempts()).isEqualTo(8);
      assertThat(dead.lastError()).contains("HTTP 400 invalid event");
      assertThat(dead.claimOwner()).isEmpty();
      assertThat(outbox.claimDue(T0.plus(Duration.ofDays(1)), 10, "w2", LEASE)).isEmpty();
      assertThat(outbox.unfinished(NORTE, e.appointmentId(), "google"))
          .as("a dead entry is still unfinished")
          .extracting(OutboxEntry::id)
          .containsExactly(e.id());
    }

    @Test
    void aWorkerThatDoesNotHoldTheClaimSettlesNothing() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);
      OutboxEntry claimed = stored(e);

      assertThat(outbox.complete(e.id(), "w2")).isFalse();
      assertThat(outbox.retryLater(e.id(), "w2", 1, T0, "boom", true)).isFalse();
      assertThat(outbox.deadLetter(e.id(), "w2", 1, "boom", true)).isFalse();

      assertThat(stored(e)).as("unchanged").isEqualTo(claimed);
    }

    @Test
    void anUnclaimedEntryIsSettledByNobody() {
      OutboxEntry e = queue(T0);

      assertThat(outbox.complete(e.id(), "w1")).isFalse();
      assertThat(outbox.retryLater(e.id(), "w1", 1, T0, "boom", true)).isFalse();
      assertThat(outbox.deadLetter(e.id(), "w1", 1, "boom", true)).isFalse();

      assertThat(stored(e)).isEqualTo(e);
    }

    @Test
    void anUnknownEntryIsSettledByNobody() {
      assertThat(outbox.complete("no-such-entry", "w1")).isFalse();
      assertThat(outbox.retryLater("no-such-entry", "w1", 1, T0, "boom", false)).isFalse();
      assertThat(outbox.deadLetter("no-such-entry", "w1", 1, "boom", false)).isFalse();
      assertThat(outbox.find("no-such-entry")).isEmpty();
    }

    @Test
    void aWorkerWhoseExpiredLeaseWasTakenOverHasLostTheClaim() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);
      claimOnly(e, "w2", T0.plus(LEASE));

      assertThat(outbox.complete(e.id(), "w1")).isFalse();
      assertThat(outbox.retryLater(e.id(), "w1", 1, T0, "late", false)).isFalse();
      assertThat(outbox.deadLetter(e.id(), "w1", 1, "late", false)).isFalse();
      assertThat(stored(e).claimOwner()).contains("w2");

      assertThat(outbox.complete(e.id(), "w2")).isTrue();
    }

    @Test
    void aLateAnswerIsAcceptedWhileNobodyClaimedTheEntrySince() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      // The lease ended long ago (by any clock), but nobody claimed the entry since.
      assertThat(outbox.complete(e.id(), "w1")).isTrue();
      assertThat(stored(e).status()).isEqualTo(OutboxStatus.DONE);
    }

    @Test
    void possiblySentIsKeptForGood() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);
      outbox.retryLater(e.id(), "w1", 1, T0.plusSeconds(1), "timeout", true);
      claimOnly(e, "w2", T0.plusSeconds(1));
      outbox.retryLater(e.id(), "w2", 2, T0.plusSeconds(2), "connection refused", false);

      assertThat(stored(e).possiblySent()).as("not reset by a later clean failure").isTrue();

      claimOnly(e, "w3", T0.plusSeconds(2));
      outbox.deadLetter(e.id(), "w3", 3, "HTTP 400", false);
      assertThat(stored(e).possiblySent()).as("not reset by a dead letter").isTrue();

      assertThat(outbox.requeue(e.id())).isTrue();
      assertThat(stored(e).possiblySent()).as("not reset by a requeue").isTrue();
    }

    @Test
    void aDeadLetterCanMarkTheEntryPossiblySent() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      outbox.deadLetter(e.id(), "w1", 1, "worker stopping mid-push", true);

      assertThat(stored(e).possiblySent()).isTrue();
    }

    @Test
    void theDetailIsKeptThroughClaimsAndSettling() {
      Appointment a = appt("appt-detail", NORTE, ANA, 0, 30);
      String detail = "v1;CONFIRMATION;calcom;-";
      OutboxEntry e =
          OutboxEntry.pending(NORTE, a.id(), "notify", SyncAction.CREATE, 0, T0).toBuilder()
              .detail(detail)
              .build();
      appointments.insert(a, ConflictCheck.none(), List.of(e));

      assertThat(stored(e).detail()).as("as written").contains(detail);
      List<OutboxEntry> claimed = outbox.claimDue(T0, 10, "w1", LEASE, Set.of("notify"));
      assertThat(claimed).singleElement().satisfies(c -> assertThat(c.detail()).contains(detail));
      outbox.retryLater(e.id(), "w1", 1, T0, "refused", false);
      assertThat(stored(e).detail()).as("after a retry").contains(detail);
      assertThat(stored(queue(T0)).detail()).as("an entry without one").isEmpty();
    }

    @Test
    void aLongErrorIsCutToTheLongestKept() {
      OutboxEntry e = queue(T0);
      claimOnly(e, "w1", T0);

      outbox.retryLater(e.id(), "w1", 1, T0, "x".repeat(5_000), false);

      String kept = stored(e).lastError().orElseThrow();
      assertThat(kept).hasSizeLessThanOrEqualTo(OutboxEntry.MAX_ERROR_LENGTH).startsWith("xxx");
    }
  }

  @Nested
  @DisplayName("dead entries and requeue")
  class DeadAndRequeue {
    @Test
    void aDeadEntryBlocksItsOwnAppointmentAndProviderOnlyUntilRequeued() {
      OutboxEntry create = queue(T0);
      OutboxEntry update = queueUpdate(create);
      OutboxEntry other = queue(T0.plusSeconds(1));
      claimOnly(create, "w1", T0);
      outbox.deadLetter(create.id(), "w1", 5, "HTTP 400", false);

      assertThat(claimIds(T0.plusSeconds(1), 10, "w2"))
          .as("the update waits behind its dead create; other appointments go on")
          .containsExactly(other.id());

      assertThat(outbox.requeue(create.id())).isTrue();

      OutboxEntry requeued = stored(create);
      assertThat(requeued.status()).isEqualTo(OutboxStatus.PENDING);
      assertThat(requeued.attempts()).isZero();
      assertThat(requeued.claims()).isZero();
      assertThat(requeued.lastError()).as("the last error is kept").contains("HTTP 400");
      assertThat(claimIds(T0.plusSeconds(2), 10, "w3"))
          .as("due at once, still ahead of the update")
          .containsExactly(create.id());
      assertThat(stored(update).claims()).isZero();
    }

    @Test
    void onlyADeadEntryCanBeRequeued() {
      OutboxEntry pending = queue(T0.plusSeconds(60));
      OutboxEntry done = queue(T0);
      claimOnly(done, "w1", T0);
      outbox.complete(done.id(), "w1");
      OutboxEntry beforeRequeue = stored(pending);

      assertThat(outbox.requeue(pending.id())).isFalse();
      assertThat(outbox.requeue(done.id())).isFalse();
      assertThat(outbox.requeue("no-such-entry")).isFalse();

      assertThat(stored(pending)).isEqualTo(beforeRequeue);
      assertThat(stored(done).status()).isEqualTo(OutboxStatus.DONE);
    }
  }

  @Nested
  @DisplayName("reading")
  class Reading {
    @Test
    void entriesListsEveryStatusOfTheTenantInWriteOrder() {
      OutboxEntry first = queue(T0.plusSeconds(5));
      OutboxEntry second = queue(T0);
      OutboxEntry third = queueUpdate(first);
      queue(SUR, "google", T0);
      claimIds(T0, 10, "w1");
      outbox.complete(second.id(), "w1");

      assertThat(outbox.entries(NORTE))
          .extracting(OutboxEntry::id)
          .containsExactly(first.id(), second.id(), third.id());
      assertThat(outbox.entries(TenantId.of("nobody"))).isEmpty();
    }

    @Test
    void findReturnsTheEntryAsWritten() {
      OutboxEntry e = queue(SUR, "calcom", T0.plusSeconds(7));

      assertThat(outbox.find(e.id())).contains(e);
    }
  }

  @Nested
  @DisplayName("claimDue of some providers")
  class ClaimDueOfProviders {
    private static final Set<String> GOOGLE = Set.of("google");

    private List<String> claimIdsOf(Instant now, int limit, String worker, Set<String> providers) {
      return outbox.claimDue(now, limit, worker, LEASE, providers).stream()
          .map(OutboxEntry::id)
          .toList();
    }

    @Test
    void onlyEntriesOfTheListedProvidersAreClaimed() {
      OutboxEntry google = queue(NORTE, "google", T0);
      OutboxEntry notify = queue(NORTE, "notify", T0);
      OutboxEntry outlook = queue(SUR, "outlook", T0);

      assertThat(claimIdsOf(T0, 10, "sync", Set.of("google", "outlook")))
          .containsExactlyInAnyOrder(google.id(), outlook.id());
      assertThat(stored(notify).claims()).as("the other provider's entry is untouched").isZero();
      assertThat(stored(notify).claimOwner()).isEmpty();

      assertThat(claimIdsOf(T0, 10, "notifier", Set.of("notify"))).containsExactly(notify.id());
    }

    @Test
    void entriesOfOtherProvidersDoNotCountAgainstTheLimit() {
      queue(NORTE, "notify", T0);
      queue(NORTE, "notify", T0.plusSeconds(1));
      OutboxEntry google = queue(NORTE, "google", T0.plusSeconds(2));

      assertThat(claimIdsOf(T0.plusSeconds(2), 1, "sync", GOOGLE)).containsExactly(google.id());
    }

    @Test
    void dueEntriesAreClaimedOldestFirstUpToTheLimit() {
      OutboxEntry third = queue(NORTE, "google", T0.plusSeconds(20));
      queue(NORTE, "notify", T0);
      OutboxEntry first = queue(SUR, "google", T0);
      OutboxEntry second = queue(NORTE, "google", T0.plusSeconds(10));

      assertThat(claimIdsOf(T0.plusSeconds(20), 2, "sync", GOOGLE))
          .containsExactly(first.id(), second.id());
      assertThat(claimIdsOf(T0.plusSeconds(20), 2, "sync", GOOGLE)).containsExactly(third.id());
    }

    @Test
    void anEntryIsNotClaimedBeforeItIsDue() {
      OutboxEntry e = queue(NORTE, "google", T0.plusSeconds(30));

      assertThat(claimIdsOf(T0.plusSeconds(29), 10, "sync", GOOGLE)).isEmpty();
      assertThat(claimIdsOf(T0.plusSeconds(30), 10, "sync", GOOGLE)).containsExactly(e.id());
    }

    @Test
    void theLeaseHoldsAsForTheUnfilteredClaim() {
      OutboxEntry e = queue(NORTE, "google", T0);

      List<OutboxEntry> claimed = outbox.claimDue(T0, 10, "w1", LEASE, GOOGLE);
      assertThat(claimed).hasSize(1);
      assertThat(claimed.get(0).claimOwner()).contains("w1");
      assertThat(claimed.get(0).leaseUntil()).contains(T0.plus(LEASE));
      assertThat(stored(e)).isEqualTo(claimed.get(0));

      Instant justBefore = T0.plus(LEASE).minusMillis(1);
      assertThat(claimIdsOf(justBefore, 10, "w2", GOOGLE)).isEmpty();
      assertThat(claimIds(justBefore, 10, "w2")).as("nor by an unfiltered claim").isEmpty();

      List<OutboxEntry> again = outbox.claimDue(T0.plus(LEASE), 10, "w2", LEASE, GOOGLE);
      assertThat(again).extracting(OutboxEntry::id).containsExactly(e.id());
      assertThat(again.get(0).claimOwner()).contains("w2");
      assertThat(again.get(0).claims()).isEqualTo(2);
    }

    @Test
    void onlyTheFirstInLineOfAnAppointmentIsClaimed() {
      OutboxEntry create = queue(NORTE, "google", T0);
      OutboxEntry update = queueUpdate(create);

      assertThat(claimIdsOf(T0, 10, "sync", GOOGLE)).containsExactly(create.id());
      assertThat(outbox.complete(create.id(), "sync")).isTrue();
      assertThat(claimIdsOf(T0, 10, "sync", GOOGLE)).containsExactly(update.id());
    }

    @Test
    void aDeadEntryOfAnotherProviderBlocksNothing() {
      OutboxEntry notify = queue(NORTE, "notify", T0);
      assertThat(claimIdsOf(T0, 10, "notifier", Set.of("notify"))).containsExactly(notify.id());
      assertThat(outbox.deadLetter(notify.id(), "notifier", 1, "bounced", false)).isTrue();
      OutboxEntry google = queue(NORTE, "google", T0);

      assertThat(claimIdsOf(T0, 10, "sync", GOOGLE)).containsExactly(google.id());
    }

    @Test
    void anEmptyOrBlankProviderSetIsRefusedNamingIt() {
      OutboxEntry e = queue(T0);

      refused(() -> outbox.claimDue(T0, 10, "w1", LEASE, Set.of()), "providers");
      refused(() -> outbox.claimDue(T0, 10, "w1", LEASE, Set.of(" ")), "providers");
      refused(() -> outbox.claimDue(T0, 0, "w1", LEASE, GOOGLE), "limit");

      assertThat(stored(e).claims()).isZero();
    }

    /** Workers of two disjoint provider sets race over both providers' entries. */
    @RepeatedTest(3)
    void racingWorkersWithDisjointProvidersNeverClaimEachOthersEntries() throws Exception {
      Set<String> googleIds = new HashSet<>();
      Set<String> notifyIds = new HashSet<>();
      for (int i = 0; i < 20; i++) {
        googleIds.add(queue(NORTE, "google", T0).id());
        notifyIds.add(queue(SUR, "notify", T0).id());
      }

      List<Outcome<List<OutboxEntry>>> outcomes =
          Race.run(
              Race.THREADS,
              i ->
                  () ->
                      outbox.claimDue(
                          T0, 5, "worker-" + i, LEASE, i % 2 == 0 ? GOOGLE : Set.of("notify")));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<String> claimed = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        Set<String> own = i % 2 == 0 ? googleIds : notifyIds;
        for (OutboxEntry c : outcomes.get(i).returned()) {
          claimed.add(c.id());
          assertThat(own).as("worker-" + i + " claimed only its providers").contains(c.id());
          assertThat(stored(c).claimOwner()).as("owner of " + c.id()).contains("worker-" + i);
        }
      }
      assertThat(claimed).as("no entry claimed twice").doesNotHaveDuplicates();
      claimed.addAll(claimIdsOf(T0, 40, "google-sweeper", GOOGLE));
      claimed.addAll(claimIdsOf(T0, 40, "notify-sweeper", Set.of("notify")));
      Set<String> all = new HashSet<>(googleIds);
      all.addAll(notifyIds);
      assertThat(claimed).containsExactlyInAnyOrderElementsOf(all);
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    void aClaimWithABadArgumentIsRefusedNamingItAndClaimsNothing() {
      OutboxEntry e = queue(T0);

      refused(() -> outbox.claimDue(T0, 0, "w1", LEASE), "limit");
      refused(() -> outbox.claimDue(T0, 10, " ", LEASE), "worker");
      refused(() -> outbox.claimDue(T0, 10, "w1", Duration.ZERO), "lease");

      assertThat(stored(e).claims()).isZero();
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    /** Sixteen workers claim forty due entries at once: no entry goes to two of them. */
    @RepeatedTest(3)
    void eachDueEntryIsClaimedByExactlyOneOfManyRacingWorkers() throws Exception {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        ids.add(queue(T0).id());
      }

      List<Outcome<List<OutboxEntry>>> outcomes =
          Race.run(Race.THREADS, i -> () -> outbox.claimDue(T0, 5, "worker-" + i, LEASE));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<String> claimed = new ArrayList<>();
      for (int i = 0; i < outcomes.size(); i++) {
        for (OutboxEntry c : outcomes.get(i).returned()) {
          claimed.add(c.id());
          assertThat(stored(c).claimOwner()).as("owner of " + c.id()).contains("worker-" + i);
        }
      }
      assertThat(claimed).as("no entry claimed twice").doesNotHaveDuplicates();
      // A worker may get fewer than it asked for while others hold locks; what it skipped is
      // still there for the next run.
      claimed.addAll(claimIds(T0, ids.size(), "sweeper"));
      assertThat(claimed)
          .as("every entry claimed once, in the race or after it")
          .containsExactlyInAnyOrderElementsOf(ids);
      for (String id : ids) {
        assertThat(outbox.find(id).orElseThrow().claims()).as("claims of " + id).isEqualTo(1);
      }
    }

    /** Sixteen workers take over one expired lease at once: exactly one gets the entry. */
    @RepeatedTest(3)
    void anExpiredLeaseIsTakenOverByExactlyOneOfManyRacingWorkers() throws Exception {
      OutboxEntry e = queue(T0);
      claimOnly(e, "first", T0);
      Instant later = T0.plus(LEASE).plusSeconds(1);

      List<Outcome<List<OutboxEntry>>> outcomes =
          Race.run(Race.THREADS, i -> () -> outbox.claimDue(later, 5, "worker-" + i, LEASE));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      Set<Integer> winners = new HashSet<>();
      for (int i = 0; i < outcomes.size(); i++) {
        if (!outcomes.get(i).returned().isEmpty()) {
          winners.add(i);
        }
      }
      assertThat(winners).hasSize(1);
      OutboxEntry now = stored(e);
      assertThat(now.claimOwner()).contains("worker-" + winners.iterator().next());
      assertThat(now.claims()).isEqualTo(2);
    }

    /** The old owner's late answer races the takeover: the entry is settled at most once. */
    @RepeatedTest(3)
    void aLateCompleteAndATakeoverNeverBothWin() throws Exception {
      OutboxEntry e = queue(T0);
      claimOnly(e, "old", T0);
      Instant later = T0.plus(LEASE).plusSeconds(1);

      List<Outcome<Boolean>> outcomes =
          Race.run(
              2,
              i ->
                  i == 0
                      ? () -> outbox.complete(e.id(), "old")
                      : () -> !outbox.claimDue(later, 5, "new", LEASE).isEmpty());

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      boolean completed = outcomes.get(0).returned();
      boolean takenOver = outcomes.get(1).returned();
      OutboxEntry now = stored(e);
      if (completed) {
        assertThat(takenOver).as("a DONE entry was claimed again").isFalse();
        assertThat(now.status()).isEqualTo(OutboxStatus.DONE);
      } else {
        assertThat(takenOver).isTrue();
        assertThat(now.status()).isEqualTo(OutboxStatus.PENDING);
        assertThat(now.claimOwner()).contains("new");
      }
    }
  }

  @Nested
  @DisplayName("backlog")
  class Backlog {
    /** The store's backlog, or skips the group for a store that does not report one. */
    private List<OutboxBacklog> backlog() {
      try {
        return outbox.backlog();
      } catch (UnsupportedOperationException e) {
        Assumptions.abort("the store does not report its backlog");
        throw e;
      }
    }

    @Test
    void anEmptyOutboxIsBehindOnNothing() {
      assertThat(backlog()).isEmpty();
    }

    @Test
    void countsPendingAndDeadEntriesPerProviderWithTheOldestPendingOfEveryTenant() {
      OutboxEntry g1 = queue(NORTE, "google", T0.plusSeconds(5));
      OutboxEntry g2 = queue(SUR, "google", T0.plusSeconds(2));
      OutboxEntry g3 = queue(NORTE, "google", T0.plusSeconds(7));
      OutboxEntry c1 = queue(NORTE, "calcom", T0.plusSeconds(9));
      OutboxEntry c2 = queue(SUR, "calcom", T0.plusSeconds(1));
      assertThat(claimIds(T0.plusSeconds(10), 10, "w1"))
          .containsExactlyInAnyOrder(g1.id(), g2.id(), g3.id(), c1.id(), c2.id());
      assertThat(outbox.complete(c2.id(), "w1")).isTrue();
      assertThat(outbox.deadLetter(g2.id(), "w1", 1, "HTTP 400", false)).isTrue();
      assertThat(outbox.retryLater(g3.id(), "w1", 1, T0.plusSeconds(60), "HTTP 503", false))
          .isTrue();

      assertThat(backlog())
          .as("claimed and retrying entries are still pending; done ones are not")
          .containsExactly(
              new OutboxBacklog("calcom", 1, Optional.of(T0.plusSeconds(9)), 0),
              new OutboxBacklog("google", 2, Optional.of(T0.plusSeconds(5)), 1));

      assertThat(outbox.complete(c1.id(), "w1")).isTrue();
      assertThat(outbox.requeue(g2.id())).isTrue();
      assertThat(backlog())
          .as("a provider with nothing pending or dead is left out; a requeued entry is pending")
          .containsExactly(new OutboxBacklog("google", 3, Optional.of(T0.plusSeconds(2)), 0));
    }

    @Test
    void aProviderWithOnlyDeadLettersHasNoOldestPending() {
      OutboxEntry e = queue(NORTE, "calendly", T0);
      claimOnly(e, "w1", T0);
      assertThat(outbox.deadLetter(e.id(), "w1", 1, "HTTP 404", false)).isTrue();

      assertThat(backlog()).containsExactly(new OutboxBacklog("calendly", 0, Optional.empty(), 1));
    }
  }
}
