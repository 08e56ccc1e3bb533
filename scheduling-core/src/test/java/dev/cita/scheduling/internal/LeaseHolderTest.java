package dev.cita.scheduling.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.TestClock;
import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.internal.LeaseHolder.Hold;
import dev.cita.scheduling.memory.InMemoryLeaseStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Two nodes' holders over one lease store: who works, and who must forget what it knew. */
class LeaseHolderTest {
  private static final Duration LEASE = Duration.ofMinutes(2);

  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private final InMemoryLeaseStore store = new InMemoryLeaseStore();
  private final LeaseHolder a = LeaseHolder.of(store, "node-a", LEASE, clock, "test");
  private final LeaseHolder b = LeaseHolder.of(store, "node-b", LEASE, clock, "test");

  @Test
  void theFirstHoldIsTakenTheRenewalsAreHeldAndTheOtherNodeKeepsOff() {
    assertThat(a.tryHold("w/1")).isEqualTo(Hold.TAKEN);
    assertThat(b.tryHold("w/1")).isEqualTo(Hold.OTHER_NODE);
    clock.advance(Duration.ofMinutes(1));
    assertThat(a.tryHold("w/1")).isEqualTo(Hold.HELD);
    assertThat(b.tryHold("w/1").mine()).isFalse();
    assertThat(b.tryHold("w/2")).as("another piece of work").isEqualTo(Hold.TAKEN);
  }

  @Test
  void aLeaseRegainedAfterAnotherNodeHadItIsTakenAgain() {
    a.tryHold("w/1");
    a.releaseAll();
    assertThat(b.tryHold("w/1")).isEqualTo(Hold.TAKEN);
    b.releaseAll();

    assertThat(a.tryHold("w/1"))
        .as("a held it before, but b worked in between: a's memory is stale")
        .isEqualTo(Hold.TAKEN);
  }

  @Test
  void aHoldThatLapsedIsTakenEvenWhenNoOtherNodeWasSeen() {
    a.tryHold("w/1");
    clock.advance(LEASE);

    assertThat(a.tryHold("w/1")).isEqualTo(Hold.TAKEN);
    assertThat(a.tryHold("w/1")).isEqualTo(Hold.HELD);
  }

  @Test
  void aDeadNodesLeaseIsTakenOnceItExpires() {
    a.tryHold("w/1");
    clock.advance(LEASE.minusSeconds(1));
    assertThat(b.tryHold("w/1")).isEqualTo(Hold.OTHER_NODE);
    clock.advance(Duration.ofSeconds(1));
    assertThat(b.tryHold("w/1")).isEqualTo(Hold.TAKEN);
  }

  @Test
  void withoutAStoreEveryPieceIsHeld() {
    assertThat(LeaseHolder.none().tryHold("w/1")).isEqualTo(Hold.HELD);
    LeaseHolder.none().releaseAll(); // nothing to give up
  }

  @Test
  void theDurationDefaultsToTwoIntervalsAndMustOutlastOne() {
    Duration minute = Duration.ofMinutes(1);
    assertThat(LeaseHolder.duration(null, minute)).isEqualTo(Duration.ofMinutes(2));
    assertThat(LeaseHolder.duration(Duration.ofSeconds(61), minute))
        .isEqualTo(Duration.ofSeconds(61));
    assertThatThrownBy(() -> LeaseHolder.duration(minute, minute))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("leaseDuration"));
    assertThatThrownBy(() -> LeaseHolder.of(store, " ", LEASE, clock, "test"))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("owner"));
  }
}
