package dev.cita.scheduling.testkit;

import static dev.cita.scheduling.testkit.Refusals.refused;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.AuthorizationStateStore;
import dev.cita.scheduling.testkit.Race.Outcome;
import dev.cita.scheduling.token.PendingAuthorization;
import java.time.Clock;
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
 * The behaviour every {@link AuthorizationStateStore} must have, as the OAuth callback relies on
 * it: a state is single use (of many racing callbacks, at most one gets the authorization), the
 * authorization comes back as it was put, an authorization is kept until it expires, and an expired
 * one is never handed out as if it were still valid.
 *
 * <p>Extend it in your test sources and return a new, empty store that judges expiry by the given
 * clock from {@link #newStore(Clock)}:
 *
 * <pre>{@code
 * class MyAuthorizationStateStoreTest extends AuthorizationStateStoreContract {
 *   @Override
 *   protected AuthorizationStateStore newStore(Clock clock) {
 *     return new MyAuthorizationStateStore(freshDatabase(), clock);   // empty, once per test
 *   }
 * }
 * }</pre>
 *
 * <p>The store must round-trip instants to the millisecond.
 */
public abstract class AuthorizationStateStoreContract {
  private static final TenantId NORTE = TenantId.of("clinica-norte");
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00.123Z");
  private static final Duration TTL = Duration.ofMinutes(10);

  private final TestClock clock = new TestClock(T0);
  private AuthorizationStateStore store;

  /** For subclasses, which supply the implementation under test. */
  protected AuthorizationStateStoreContract() {}

  /**
   * {@return a new, empty store} Called once before every test.
   *
   * @param clock the clock the store must judge expiry by; the tests move it
   */
  protected abstract AuthorizationStateStore newStore(Clock clock);

  /** Creates the store under test, through {@link #newStore(Clock)}, before every test. */
  @BeforeEach
  protected final void createAuthorizationStateStore() {
    clock.set(T0);
    store = newStore(clock);
    assertThat(store).as("newStore(clock)").isNotNull();
  }

  private static PendingAuthorization pending(String provider, String verifier, Instant expires) {
    return new PendingAuthorization(NORTE, provider, verifier, expires);
  }

  private static PendingAuthorization pending(String verifier) {
    return pending("google", verifier, T0.plus(TTL));
  }

  @Nested
  @DisplayName("put and consume")
  class PutAndConsume {
    @Test
    void consumeReturnsTheAuthorizationAsItWasPut() {
      PendingAuthorization put = pending("calendly", "verifier-" + "a".repeat(100), T0.plus(TTL));
      store.put("state-1", put);

      assertThat(store.consume("state-1")).contains(put);
    }

    @Test
    void aStateIsConsumedOnlyOnce() {
      store.put("state-1", pending("verifier-1"));
      store.consume("state-1");

      assertThat(store.consume("state-1")).isEmpty();
    }

    @Test
    void anUnknownStateIsEmpty() {
      store.put("state-1", pending("verifier-1"));

      assertThat(store.consume("state-2")).isEmpty();
      assertThat(store.consume("")).isEmpty();
      assertThat(store.consume("state-1")).as("left alone").isPresent();
    }

    @Test
    void statesAreIndependent() {
      PendingAuthorization one = pending("verifier-1");
      PendingAuthorization two = pending("calcom", "verifier-2", T0.plus(TTL).plusSeconds(1));
      store.put("state-1", one);
      store.put("state-2", two);

      assertThat(store.consume("state-2")).contains(two);
      assertThat(store.consume("state-1")).contains(one);
    }
  }

  @Nested
  @DisplayName("expiry")
  class Expiry {
    @Test
    void anAuthorizationIsKeptUntilItExpiresWhileOthersArePut() {
      PendingAuthorization first = pending("verifier-1");
      store.put("state-1", first);
      clock.set(T0.plus(TTL).minusMillis(1));

      store.put("state-2", pending("google", "verifier-2", T0.plus(TTL).plus(TTL)));

      assertThat(store.consume("state-1")).contains(first);
    }

    @Test
    void anExpiredAuthorizationIsNeverHandedOutAsValid() {
      PendingAuthorization first = pending("verifier-1");
      store.put("state-1", first);
      clock.set(T0.plus(TTL));
      store.put("state-2", pending("google", "verifier-2", T0.plus(TTL).plus(TTL)));

      Optional<PendingAuthorization> late = store.consume("state-1");

      assertThat(late)
          .as("dropped, or handed out with its expiry so that the callback refuses it")
          .satisfiesAnyOf(o -> assertThat(o).isEmpty(), o -> assertThat(o).contains(first));
      assertThat(store.consume("state-1")).as("and never twice").isEmpty();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {
    @Test
    @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
    void missingArgumentsAreRefusedNamingThemAndNothingIsStored() {
      refused(() -> store.put(" ", pending("verifier-1")), "state");
      refused(() -> store.put(null, pending("verifier-1")), "state");
      refused(() -> store.put("state-1", null), "authorization");
      refused(() -> store.consume(null), "state");

      assertThat(store.consume("state-1")).isEmpty();
      assertThat(store.consume(" ")).isEmpty();
    }
  }

  @Nested
  @DisplayName("concurrency")
  class Concurrency {
    @RepeatedTest(3)
    void ofManyRacingConsumesOfOneStateExactlyOneGetsIt() throws Exception {
      PendingAuthorization put = pending("verifier-1");
      store.put("state-1", put);

      List<Outcome<Optional<PendingAuthorization>>> outcomes =
          Race.run(Race.THREADS, i -> () -> store.consume("state-1"));

      assertThat(outcomes).allSatisfy(o -> assertThat(o.error()).as("error").isNull());
      List<PendingAuthorization> got =
          outcomes.stream().flatMap(o -> o.returned().stream()).toList();
      assertThat(got).containsExactly(put);
    }

    /** Sixteen callbacks race for each of many states, meeting at a barrier before each one. */
    @Test
    void ofManyRacingConsumesOfEachStateExactlyOneGetsIt() throws Exception {
      int states = 50;
      for (int k = 0; k < states; k++) {
        store.put("state-" + k, pending("verifier-" + k));
      }
      List<List<Integer>> winners =
          Race.rounds(states, (i, k) -> store.consume("state-" + k).isPresent());

      for (int k = 0; k < states; k++) {
        assertThat(winners.get(k)).as("callbacks that got state-%d", k).hasSize(1);
      }
    }
  }
}
