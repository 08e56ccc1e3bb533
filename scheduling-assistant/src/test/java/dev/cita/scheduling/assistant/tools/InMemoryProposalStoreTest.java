package dev.cita.scheduling.assistant.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** {@link InMemoryProposalStore}: one per customer, taken once, expiring, bounded. */
class InMemoryProposalStoreTest {
  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private final InMemoryProposalStore store =
      InMemoryProposalStore.create(clock, Duration.ofMinutes(15), 2);

  @Test
  void aProposalIsTakenOnceAndReplacedByALaterOne() {
    store.put("a", "1");
    store.put("a", "2");

    assertThat(store.take("a")).contains("2");
    assertThat(store.take("a")).isEmpty();
  }

  @Test
  void aProposalExpiresAfterItsTimeToLive() {
    store.put("a", "1");
    clock.advance(Duration.ofMinutes(14));
    store.put("b", "2");
    clock.advance(Duration.ofMinutes(1));

    assertThat(store.take("a")).isEmpty();
    assertThat(store.take("b")).contains("2");
  }

  @Test
  void pastItsCapTheOldestAreDropped() {
    store.put("a", "1");
    store.put("b", "2");
    store.put("a", "3");
    store.put("c", "4");

    assertThat(store.size()).isEqualTo(2);
    assertThat(store.take("b")).isEmpty();
    assertThat(store.take("a")).contains("3");
    assertThat(store.take("c")).contains("4");
  }
}
