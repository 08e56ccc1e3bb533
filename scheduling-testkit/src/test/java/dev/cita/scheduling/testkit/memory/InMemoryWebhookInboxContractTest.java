package dev.cita.scheduling.testkit.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryWebhookInbox;
import dev.cita.scheduling.spi.WebhookInbox;
import dev.cita.scheduling.testkit.WebhookInboxContract;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Runs the contract kit against {@link InMemoryWebhookInbox}, plus its own purge. */
class InMemoryWebhookInboxContractTest extends WebhookInboxContract {
  @Override
  protected WebhookInbox newInbox() {
    return new InMemoryWebhookInbox();
  }

  @Test
  void purgeForgetsOnlyOlderDeliveries() {
    InMemoryWebhookInbox inbox = new InMemoryWebhookInbox();
    Instant t0 = Instant.parse("2026-03-01T00:00:00Z");
    inbox.record(WebhookInbox.Delivery.untenanted("calcom", "old"), t0);
    inbox.record(WebhookInbox.Delivery.untenanted("calcom", "new"), t0.plusSeconds(3600));

    int purged = inbox.purgeBefore(t0.plusSeconds(60));

    assertThat(purged).isEqualTo(1);
    assertThat(inbox.seen(WebhookInbox.Delivery.untenanted("calcom", "old"))).isFalse();
    assertThat(inbox.seen(WebhookInbox.Delivery.untenanted("calcom", "new"))).isTrue();
    assertThat(inbox.size()).isEqualTo(1);
  }
}
