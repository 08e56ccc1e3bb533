package dev.cita.scheduling.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.spi.LeaseStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LeaseStore} must have: one owner at a time until the lease expires,
 * renewal by the owner, take-over once expired, release by the owner only, and exactly one winner
 * among nodes racing for a free lease.
 *
 * <p>Extend it in your test sources and return a new, empty store from {@link #newStore()}.
 */
public abstract class LeaseStoreContract {
  private static final String LEASE = "busy-refresh/google/busy/clinica-norte";
  private static final Instant T0 = Instant.parse("2026-03-03T13:00:00Z");
  private static final Duration TEN_MINUTES = Duration.ofMinutes(10);

  private LeaseStore store;

  /** For subclasses, which supply the implementation under test. */
  protected LeaseStoreContract() {}

  /** {@return a new, empty store} Called once before every test. */
  protected abstract LeaseStore newStore();

  /** Creates the store under test, through {@link #newStore()}, before every test. */
  @BeforeEach
  protected final void createLeaseStore() {
    store = newStore();
    assertThat(store).as("newStore()").isNotNull();
  }

  @Test
  void aFreeLeaseIsTakenAndThenRefusedToOthersUntilItExpires() {
    assertThat(store.tryAcquire(LEASE, "node-a", T0, TEN_MINUTES)).isTrue();

    assertThat(store.tryAcquire(LEASE, "node-b", T0.plusSeconds(1), TEN_MINUTES)).isFalse();
    assertThat(store.tryAcquire(LEASE, "node-b", T0.plus(TEN_MINUTES).minusMillis(1), TEN_MINUTES))
        .isFalse();
    assertThat(store.tryAcquire(LEASE, "node-b", T0.plus(TEN_MINUTES), TEN_MINUTES))
        .as("taken over at expiry")
        .isTrue();
    assertThat(store.tryAcquire(LEASE, "node-a", T0.plus(TEN_MINUTES), TEN_MINUTES)).isFalse();
  }

  @Test
  void theOwnerRenewsItsLeaseWhichThenLastsFromTheRenewal() {
    store.tryAcquire(LEASE, "node-a", T0, TEN_MINUTES);

    assertThat(store.tryAcquire(LEASE, "node-a", T0.plus(Duration.ofMinutes(5)), TEN_MINUTES))
        .isTrue();

    assertThat(store.tryAcquire(LEASE, "node-b", T0.plus(TEN_MINUTES), TEN_MINUTES)).isFalse();
    assertThat(store.tryAcquire(LEASE, "node-b", T0.plus(Duration.ofMinutes(15)), TEN_MINUTES))
        .isTrue();
  }

  @Test
  void onlyTheOwnerReleasesAndThenAnotherTakesItAtOnce() {
    store.tryAcquire(LEASE, "node-a", T0, TEN_MINUTES);

    assertThat(store.release(LEASE, "node-b")).isFalse();
    assertThat(store.tryAcquire(LEASE, "node-b", T0, TEN_MINUTES)).isFalse();
    assertThat(store.release(LEASE, "node-a")).isTrue();
    assertThat(store.release(LEASE, "node-a")).as("released twice").isFalse();
    assertThat(store.tryAcquire(LEASE, "node-b", T0, TEN_MINUTES)).isTrue();
  }

  @Test
  void leasesOfDifferentNamesAreIndependent() {
    assertThat(store.tryAcquire(LEASE, "node-a", T0, TEN_MINUTES)).isTrue();
    assertThat(store.tryAcquire(LEASE + "-2", "node-b", T0, TEN_MINUTES)).isTrue();
  }

  @Test
  void ofNodesRacingForAFreeLeaseExactlyOneWins() throws InterruptedException {
    List<Race.Outcome<Boolean>> outcomes =
        Race.run(8, i -> () -> store.tryAcquire(LEASE, "node-" + i, T0, TEN_MINUTES));

    assertThat(outcomes).allMatch(Race.Outcome::succeeded);
    assertThat(outcomes.stream().filter(Race.Outcome::returned)).hasSize(1);
  }

  @Test
  void ofNodesRacingForAnExpiredLeaseExactlyOneWins() throws InterruptedException {
    store.tryAcquire(LEASE, "dead-node", T0, TEN_MINUTES);
    Instant later = T0.plus(TEN_MINUTES);

    List<Race.Outcome<Boolean>> outcomes =
        Race.run(8, i -> () -> store.tryAcquire(LEASE, "node-" + i, later, TEN_MINUTES));

    assertThat(outcomes).allMatch(Race.Outcome::succeeded);
    assertThat(outcomes.stream().filter(Race.Outcome::returned)).hasSize(1);
  }

  @Test
  @SuppressWarnings("NullAway") // passes null where the SPI forbids it, to see it refused
  void badArgumentsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> store.tryAcquire(" ", "node-a", T0, TEN_MINUTES))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("name");
    assertThatThrownBy(() -> store.tryAcquire(LEASE, null, T0, TEN_MINUTES))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("owner");
    assertThatThrownBy(() -> store.tryAcquire(LEASE, "node-a", T0, Duration.ZERO))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("duration");
  }
}
