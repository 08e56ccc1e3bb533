package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.notify.RecipientKind;
import dev.cita.scheduling.notify.ReminderKey;
import dev.cita.scheduling.notify.ReminderRecord;
import dev.cita.scheduling.notify.ReminderState;
import dev.cita.scheduling.spi.ReminderStore;
import dev.cita.scheduling.testkit.Race.Outcome;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ReminderStore} must have, so that each reminder is sent once even with
 * several scheduler nodes: the first claim wins, atomically; a held claim is taken over only once
 * its lease ran out or a failure released it; only the holder settles; SENT and ABANDONED are
 * final; each tenant's reminders are its own.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}:
 *
 * <pre>{@code
 * class MyReminderStoreTest extends ReminderStoreContract {
 *   @Override
 *   protected ReminderStore newStore() {
 *     return new MyReminderStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class ReminderStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final Duration LEASE = Duration.ofMinutes(5);
  private static final ReminderKey KEY = key(NORTE, "appt-1");

  private ReminderStore store;

  /** For subclasses, which supply the implementation under test. */
  protected ReminderStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract ReminderStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createReminderStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static ReminderKey key(TenantId tenant, String appointment) {
    return new ReminderKey(
        tenant,
        AppointmentId.of(appointment),
        Instant.parse("2026-03-04T13:00:00Z"),
        Duration.ofHours(24),
        RecipientKind.CUSTOMER,
        "whatsapp");
  }

  private ReminderRecord row(ReminderKey key) {
    return store.find(key).orElseThrow(() -> new AssertionError("no row for " + key));
  }

  private void claimed(ReminderKey key, String worker, Instant now) {
    assertThat(store.claim(key, worker, now, LEASE)).as("claimed by " + worker).isPresent();
  }

  @Nested
  @DisplayName("claim")
  class Claim {
    @Test
    void aReminderNeverClaimedHasNoRow() {
      assertThat(store.find(KEY)).isEmpty();
    }

    @Test
    void theFirstClaimWinsAndIsStored() {
      Optional<ReminderRecord> claimed = store.claim(KEY, "w1", T0, LEASE);

      assertThat(claimed).isPresent();
      ReminderRecord r = claimed.get();
      assertThat(r.key()).isEqualTo(KEY);
      assertThat(r.state()).isEqualTo(ReminderState.CLAIMED);
      assertThat(r.owner()).contains("w1");
      assertThat(r.leaseUntil()).contains(T0.plus(LEASE));
      assertThat(r.claims()).isEqualTo(1);
      assertThat(r.failures()).isZero();
      assertThat(r.channelMessageId()).isEmpty();
      assertThat(r.lastError()).isEmpty();
      assertThat(row(KEY)).isEqualTo(r);
    }

    @Test
    void aHeldClaimIsNotTakenBeforeItsLeaseEnds() {
      claimed(KEY, "w1", T0);

      assertThat(store.claim(KEY, "w2", T0.plus(LEASE).minusMillis(1), LEASE)).isEmpty();
      assertThat(store.claim(KEY, "w1", T0.plusSeconds(1), LEASE))
          .as("not even by its holder")
          .isEmpty();

      assertThat(row(KEY).owner()).contains("w1");
      assertThat(row(KEY).claims()).isEqualTo(1);
    }

    @Test
    void anExpiredClaimIsTakenOverAndTheOldHolderLosesIt() {
      claimed(KEY, "w1", T0);

      Optional<ReminderRecord> taken = store.claim(KEY, "w2", T0.plus(LEASE), LEASE);

      assertThat(taken).isPresent();
      assertThat(taken.get().owner()).contains("w2");
      assertThat(taken.get().leaseUntil()).contains(T0.plus(LEASE).plus(LEASE));
      assertThat(taken.get().claims()).isEqualTo(2);
      assertThat(taken.get().unfinishedClaims()).as("w1 stopped mid-send").isEqualTo(1);
      assertThat(store.markSent(KEY, "w1", "wamid.late")).isFalse();
      assertThat(store.markFailed(KEY, "w1", "late")).isFalse();
      assertThat(store.abandon(KEY, "w1", "late")).isFalse();
      assertThat(row(KEY)).isEqualTo(taken.get());
    }

    @Test
    void anExpiredClaimNobodyTookOverIsStillHeld() {
      claimed(KEY, "w1", T0);

      // The lease ended long ago (by any clock), but nobody claimed the reminder since.
      assertThat(store.markSent(KEY, "w1", "wamid.1")).isTrue();
      assertThat(row(KEY).state()).isEqualTo(ReminderState.SENT);
    }

    @Test
    void remindersOfTwoTenantsAreTwoRows() {
      ReminderKey sur = key(SUR, "appt-1");
      claimed(KEY, "w1", T0);

      assertThat(store.claim(sur, "w2", T0, LEASE)).as("another tenant's claim").isPresent();
      assertThat(store.markSent(sur, "w2", "wamid.sur")).isTrue();

      assertThat(row(KEY).state()).isEqualTo(ReminderState.CLAIMED);
      assertThat(row(KEY).owner()).contains("w1");
      assertThat(row(sur).state()).isEqualTo(ReminderState.SENT);
    }

    @Test
    void keysThatDifferInOneComponentAreDifferentReminders() {
      ReminderKey start = KEY;
      ReminderKey offset =
          new ReminderKey(
              NORTE,
              KEY.appointmentId(),
              KEY.start(),
              Duration.ofHours(2),
              RecipientKind.CUSTOMER,
              "whatsapp");
      ReminderKey recipient =
          new ReminderKey(
              NORTE,
              KEY.appointmentId(),
              KEY.start(),
              KEY.offset(),
              RecipientKind.AGENT,
              "whatsapp");
      ReminderKey channel =
          new ReminderKey(
              NORTE,
              KEY.appointmentId(),
              KEY.start(),
              KEY.offset(),
              RecipientKind.CUSTOMER,
              "email");
      ReminderKey moved =
          new ReminderKey(
              NORTE,
              KEY.appointmentId(),
              KEY.start().plusSeconds(1800),
              KEY.offset(),
              RecipientKind.CUSTOMER,
              "whatsapp");

      for (ReminderKey k : List.of(start, offset, recipient, channel, moved)) {
        assertThat(store.claim(k, "w1", T0, LEASE)).as(k.toString()).isPresent();
      }
    }
  }

  @Nested
  @DisplayName("settling")
  class Settling {
    @Test
    void markSentIsFinal() {
      claimed(KEY, "w1", T0);

      assertThat(store.markSent(KEY, "w1", "wamid.HBgL")).isTrue();

      ReminderRecord sent = row(KEY);
      assertThat(sent.state()).isEqualTo(ReminderState.SENT);
      assertThat(sent.channelMessageId()).contains("wamid.HBgL");
      assertThat(sent.owner()).isEmpty();
      assertThat(sent.leaseUntil()).isEmpty();
      assertThat(sent.claims()).isEqualTo(1);
      assertThat(sent.unfinishedClaims()).isZero();
      assertThat(store.claim(KEY, "w2", T0.plus(Duration.ofDays(30)), LEASE)).isEmpty();
      assertThat(store.markSent(KEY, "w1", "wamid.again")).as("a second send").isFalse();
      assertThat(store.markFailed(KEY, "w1", "late")).isFalse();
      assertThat(store.abandon(KEY, "w1", "late")).isFalse();
      assertThat(row(KEY)).isEqualTo(sent);
    }

    @Test
    void markFailedReleasesTheClaimForTheNextRunAtOnce() {
      claimed(KEY, "w1", T0);

      assertThat(store.markFailed(KEY, "w1", "HTTP 503 from the channel")).isTrue();

      ReminderRecord failed = row(KEY);
      assertThat(failed.state()).isEqualTo(ReminderState.CLAIMED);
      assertThat(failed.owner()).isEmpty();
      assertThat(failed.leaseUntil()).isEmpty();
      assertThat(failed.failures()).isEqualTo(1);
      assertThat(failed.lastError()).contains("HTTP 503 from the channel");
      assertThat(failed.unfinishedClaims()).isZero();
      assertThat(store.markFailed(KEY, "w1", "again")).as("released: not held any more").isFalse();

      Optional<ReminderRecord> again = store.claim(KEY, "w2", T0.plusSeconds(1), LEASE);
      assertThat(again).isPresent();
      assertThat(again.get().claims()).isEqualTo(2);
      assertThat(again.get().failures()).isEqualTo(1);
      assertThat(again.get().owner()).contains("w2");
    }

    @Test
    void abandonIsFinalAndKeepsTheReason() {
      claimed(KEY, "w1", T0);

      assertThat(store.abandon(KEY, "w1", "appointment cancelled")).isTrue();

      ReminderRecord abandoned = row(KEY);
      assertThat(abandoned.state()).isEqualTo(ReminderState.ABANDONED);
      assertThat(abandoned.lastError()).contains("appointment cancelled");
      assertThat(abandoned.owner()).isEmpty();
      assertThat(abandoned.channelMessageId()).isEmpty();
      assertThat(store.claim(KEY, "w2", T0.plus(Duration.ofDays(30)), LEASE)).isEmpty();
      assertThat(store.markSent(KEY, "w1", "wamid.1")).isFalse();
    }

    @Test
    void aWorkerThatDoesNotHoldTheClaimSettlesNothing() {
      claimed(KEY, "w1", T0);
      ReminderRecord held = row(KEY);

      assertThat(store.markSent(KEY, "w2", "wamid.1")).isFalse();
      assertThat(store.markFailed(KEY, "w2", "boom")).isFalse();
      assertThat(store.abandon(KEY, "w2", "boom")).isFalse();

      assertThat(row(KEY)).isEqualTo(held);
    }

    @Test
    void aReminderNeverClaimedIsSettledByNobodyAndGetsNoRow() {
      assertThat(store.markSent(KEY, "w1", "wamid.1")).isFalse();
      assertThat(store.markFailed(KEY, "w1", "boom")).isFalse();
      assertThat(store.abandon(KEY, "w1", "boom")).isFalse();

      assertThat(store.find(KEY)).isEmpty();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    void aClaimWithABadArgumentIsRefusedNamingItAndWritesNothing() {
      refused(() -> store.claim(KEY, " ", T0, LEASE), "worker");
      refused(() -> store.claim(KEY, "w1", T0, Duration.ZERO), "lease");

      assertThat(store.find(KEY)).isEmpty();
    }

    @Test
    void aSendWithoutAMessageIdIsRefusedAndChangesNothing() {
      claimed(KEY, "w1", T0);

      refused(() -> store.markSent(KEY, "w1", " "), "channelMessageId");

      assertThat(row(KEY).state()).isEqualTo(ReminderState.CLAIMED);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @RepeatedTest(3)
    void ofManyRacingClaimsOfANewReminderExactlyOneWins() throws Exception {
      List<Outcome<Optional<ReminderRecord>>> outcomes =
          Race.run(Race.THREADS, i -> () -> store.claim(KEY, "worker-" + i, T0, LEASE));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<ReminderRecord> won = outcomes.stream().flatMap(o -> o.returned().stream()).toList();
      assertThat(won).hasSize(1);
      assertThat(row(KEY).owner()).isEqualTo(won.get(0).owner());
      assertThat(row(KEY).claims()).isEqualTo(1);
    }

    @RepeatedTest(3)
    void ofManyRacingTakeoversOfAnExpiredClaimExactlyOneWins() throws Exception {
      claimed(KEY, "first", T0);
      Instant later = T0.plus(LEASE).plusSeconds(1);

      List<Outcome<Optional<ReminderRecord>>> outcomes =
          Race.run(Race.THREADS, i -> () -> store.claim(KEY, "worker-" + i, later, LEASE));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<ReminderRecord> won = outcomes.stream().flatMap(o -> o.returned().stream()).toList();
      assertThat(won).hasSize(1);
      assertThat(row(KEY).owner()).isEqualTo(won.get(0).owner());
      assertThat(row(KEY).claims()).isEqualTo(2);
    }

    /**
     * Sixteen schedulers run the same reminders at once, each claiming and, if it won, sending:
     * every reminder is sent exactly once. They meet at a barrier before each reminder, to keep the
     * races tight.
     */
    @Test
    void manySchedulersSendEachReminderExactlyOnce() throws Exception {
      int reminders = 50;
      List<List<Integer>> senders =
          Race.rounds(
              reminders,
              (i, k) -> {
                ReminderKey key = key(NORTE, "appt-" + k);
                String worker = "worker-" + i;
                return store.claim(key, worker, T0, LEASE).isPresent()
                    && store.markSent(key, worker, "wamid." + i + "." + k);
              });

      for (int k = 0; k < reminders; k++) {
        assertThat(senders.get(k)).as("schedulers that sent reminder %d", k).hasSize(1);
        ReminderRecord r = row(key(NORTE, "appt-" + k));
        assertThat(r.state()).isEqualTo(ReminderState.SENT);
        assertThat(r.claims()).isEqualTo(1);
      }
    }
  }
}
