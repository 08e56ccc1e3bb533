package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.IdempotencyRecord;
import dev.cita.scheduling.spi.IdempotencyStore;
import dev.cita.scheduling.testkit.Race.Outcome;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link IdempotencyStore} must have: the first claim of a key wins, atomically
 * even when many threads claim it at once; later claims get the first record back; a released key
 * can be claimed again; keys belong to a tenant.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}; JUnit
 * runs every group below against it:
 *
 * <pre>{@code
 * class MyIdempotencyStoreTest extends IdempotencyStoreContract {
 *   @Override
 *   protected IdempotencyStore newStore() {
 *     return new MyIdempotencyStore(freshDatabase());   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class IdempotencyStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final TenantId SUR = TenantId.of("clinica-sur");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");

  private IdempotencyStore store;

  /** For subclasses, which supply the implementation under test. */
  protected IdempotencyStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract IdempotencyStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createIdempotencyStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  private static IdempotencyRecord record(
      TenantId tenant, String key, String fingerprint, String appointmentId) {
    return new IdempotencyRecord(tenant, key, fingerprint, AppointmentId.of(appointmentId), T0);
  }

  @Nested
  @DisplayName("putIfAbsent")
  class PutIfAbsent {
    @Test
    void theFirstClaimIsStoredAndFound() {
      IdempotencyRecord first = record(NORTE, "whatsapp-SM0001", "fp-1", "appt-1");

      assertThat(store.putIfAbsent(first)).isEmpty();

      assertThat(store.find(NORTE, "whatsapp-SM0001")).contains(first);
    }

    @Test
    void aSecondClaimGetsTheFirstRecordAndChangesNothing() {
      IdempotencyRecord first = record(NORTE, "whatsapp-SM0001", "fp-1", "appt-1");
      IdempotencyRecord second =
          new IdempotencyRecord(
              NORTE, "whatsapp-SM0001", "fp-2", AppointmentId.of("appt-2"), T0.plusSeconds(60));
      store.putIfAbsent(first);

      Optional<IdempotencyRecord> holder = store.putIfAbsent(second);

      assertThat(holder).contains(first);
      assertThat(store.find(NORTE, "whatsapp-SM0001")).contains(first);
    }

    @Test
    void differentKeysAreIndependent() {
      IdempotencyRecord one = record(NORTE, "key-1", "fp-1", "appt-1");
      IdempotencyRecord two = record(NORTE, "key-2", "fp-2", "appt-2");

      assertThat(store.putIfAbsent(one)).isEmpty();
      assertThat(store.putIfAbsent(two)).isEmpty();

      assertThat(store.find(NORTE, "key-1")).contains(one);
      assertThat(store.find(NORTE, "key-2")).contains(two);
    }

    @Test
    void anUnknownKeyIsEmpty() {
      store.putIfAbsent(record(NORTE, "key-1", "fp-1", "appt-1"));

      assertThat(store.find(NORTE, "unknown")).isEmpty();
    }
  }

  @Nested
  @DisplayName("remove")
  class Remove {
    @Test
    void removeReleasesTheKeyForANewClaim() {
      IdempotencyRecord failed = record(NORTE, "key-1", "fp-1", "appt-1");
      IdempotencyRecord retry = record(NORTE, "key-1", "fp-1", "appt-2");
      store.putIfAbsent(failed);

      store.remove(NORTE, "key-1");

      assertThat(store.find(NORTE, "key-1")).isEmpty();
      assertThat(store.putIfAbsent(retry)).isEmpty();
      assertThat(store.find(NORTE, "key-1")).contains(retry);
    }

    /** Issue 14: a release never drops a claim another request took since. */
    @Test
    void removeWithAnIdReleasesOnlyAClaimThatStillNamesIt() {
      IdempotencyRecord failed = record(NORTE, "key-1", "fp-1", "appt-1");
      IdempotencyRecord next = record(NORTE, "key-1", "fp-2", "appt-2");
      store.putIfAbsent(failed);
      store.remove(NORTE, "key-1", failed.appointmentId());
      assertThat(store.putIfAbsent(next)).isEmpty();

      store.remove(NORTE, "key-1", failed.appointmentId()); // late: the key names appt-2 now

      assertThat(store.find(NORTE, "key-1")).contains(next);
      store.remove(NORTE, "key-1", next.appointmentId());
      assertThat(store.find(NORTE, "key-1")).isEmpty();
    }

    @Test
    void removeOfAnUnknownKeyChangesNothing() {
      IdempotencyRecord kept = record(NORTE, "key-1", "fp-1", "appt-1");
      store.putIfAbsent(kept);

      store.remove(NORTE, "unknown");

      assertThat(store.find(NORTE, "key-1")).contains(kept);
    }
  }

  @Nested
  @DisplayName("tenant isolation")
  class TenantIsolation {
    @Test
    void theSameKeyInTwoTenantsIsTwoClaims() {
      IdempotencyRecord norte = record(NORTE, "key-1", "fp-norte", "appt-norte");
      IdempotencyRecord sur = record(SUR, "key-1", "fp-sur", "appt-sur");

      assertThat(store.putIfAbsent(norte)).isEmpty();
      assertThat(store.putIfAbsent(sur))
          .as("another tenant's claim does not hold the key")
          .isEmpty();

      assertThat(store.find(NORTE, "key-1")).contains(norte);
      assertThat(store.find(SUR, "key-1")).contains(sur);
    }

    @Test
    void findNeverReturnsAnotherTenantsRecord() {
      store.putIfAbsent(record(NORTE, "key-1", "fp-1", "appt-1"));

      assertThat(store.find(SUR, "key-1")).isEmpty();
    }

    @Test
    void removeReleasesOnlyTheTenantsKey() {
      IdempotencyRecord norte = record(NORTE, "key-1", "fp-norte", "appt-norte");
      store.putIfAbsent(norte);
      store.putIfAbsent(record(SUR, "key-1", "fp-sur", "appt-sur"));

      store.remove(SUR, "key-1");

      assertThat(store.find(SUR, "key-1")).isEmpty();
      assertThat(store.find(NORTE, "key-1")).contains(norte);
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @RepeatedTest(3)
    void ofSixteenConcurrentClaimsOfOneKeyExactlyOneWins() throws Exception {
      List<Outcome<Optional<IdempotencyRecord>>> outcomes =
          Race.run(
              Race.THREADS,
              i -> {
                IdempotencyRecord claim = record(NORTE, "whatsapp-SM0001", "fp-" + i, "appt-" + i);
                return () -> store.putIfAbsent(claim);
              });

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<Optional<IdempotencyRecord>> results = outcomes.stream().map(Outcome::value).toList();
      assertThat(results).filteredOn(Optional::isEmpty).as("claims that won").hasSize(1);
      IdempotencyRecord winner = store.find(NORTE, "whatsapp-SM0001").orElseThrow();
      assertThat(results)
          .filteredOn(Optional::isPresent)
          .as("the others see the winner's record")
          .hasSize(Race.THREADS - 1)
          .allSatisfy(r -> assertThat(r).contains(winner));
      int winnerIndex = results.indexOf(Optional.<IdempotencyRecord>empty());
      assertThat(winner.requestFingerprint()).isEqualTo("fp-" + winnerIndex);
    }

    /**
     * The window in which a read-then-write store lets two claims in is short, so this races many
     * keys: 16 threads claim 100 keys, meeting at a barrier before each key.
     */
    @Test
    void ofManyConcurrentClaimsOfEachKeyExactlyOneWins() throws Exception {
      int keys = 100;
      List<List<Integer>> winnersPerKey =
          Race.rounds(
              keys,
              (i, k) ->
                  store.putIfAbsent(record(NORTE, "key-" + k, "fp-" + i, "appt-" + i)).isEmpty());

      for (int k = 0; k < keys; k++) {
        List<Integer> winners = winnersPerKey.get(k);
        assertThat(winners).as("threads whose claim of key-%d won", k).hasSize(1);
        assertThat(store.find(NORTE, "key-" + k).orElseThrow().requestFingerprint())
            .as("the stored claim of key-%d is the winner's", k)
            .isEqualTo("fp-" + winners.get(0));
      }
    }
  }
}
