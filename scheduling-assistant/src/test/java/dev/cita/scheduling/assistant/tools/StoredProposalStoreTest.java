package dev.cita.scheduling.assistant.tools;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryConversationStateStore;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.ConversationStateStore;
import dev.cita.scheduling.testkit.Race;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link StoredProposalStore}: a proposal put on one node is taken on another, once, even when
 * nodes race for it; it expires; the conversation rows of the same tenant are left alone.
 */
class StoredProposalStoreTest {
  private static final TenantId CHAT = TenantId.of("salon-chat");
  private static final Duration TTL = Duration.ofMinutes(15);

  private final TestClock clock = new TestClock(Instant.parse("2026-03-02T12:00:00Z"));
  private final ConversationStateStore shared = new InMemoryConversationStateStore();
  private final StoredProposalStore nodeA = StoredProposalStore.over(shared, CHAT, clock, TTL);
  private final StoredProposalStore nodeB = StoredProposalStore.over(shared, CHAT, clock, TTL);

  @Test
  void aProposalPutOnOneNodeIsTakenOnAnotherOnce() {
    nodeA.put("c1", "{\"kind\":\"book\"}");

    assertThat(nodeB.take("c1")).contains("{\"kind\":\"book\"}");
    assertThat(nodeA.take("c1")).isEmpty();
    assertThat(nodeB.take("c1")).isEmpty();
  }

  @Test
  void aNewProposalReplacesTheEarlierOneAndCustomersAreApart() {
    nodeA.put("c1", "first");
    nodeB.put("c1", "second");
    nodeA.put("c2", "other");

    assertThat(nodeA.take("c1")).contains("second");
    assertThat(nodeA.take("c2")).contains("other");
  }

  @Test
  void aProposalExpiresAfterItsTimeToLive() {
    nodeA.put("c1", "p");
    clock.advance(TTL);

    assertThat(nodeB.take("c1")).isEmpty();
  }

  @Test
  void aProposalCanBeMadeAgainAfterItWasTaken() {
    nodeA.put("c1", "p1");
    nodeB.take("c1");
    nodeB.put("c1", "p2");

    assertThat(nodeA.take("c1")).contains("p2");
  }

  @Test
  void ofNodesRacingForOneYesExactlyOneGetsTheProposal() throws Exception {
    for (int round = 0; round < 20; round++) {
      nodeA.put("c1", "p" + round);
      List<Race.Outcome<Optional<String>>> results =
          Race.run(16, i -> () -> (i % 2 == 0 ? nodeA : nodeB).take("c1"));

      assertThat(results.stream().map(Race.Outcome::returned).filter(Optional::isPresent).toList())
          .as("round " + round)
          .containsExactly(Optional.of("p" + round));
    }
  }

  @Test
  void proposalRowsDoNotTouchTheConversationRowOfTheSameCustomerKey() {
    shared.save(CHAT, "c1", new byte[] {1, 2, 3}, clock.instant(), clock.instant().plus(TTL));
    nodeA.put("c1", "p");
    nodeA.take("c1");

    assertThat(shared.find(CHAT, "c1", clock.instant())).map(r -> r.state().length).contains(3);
  }
}
