package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.ResourceId;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.ResourceCalendar;
import dev.cita.scheduling.token.ConnectionKey;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InMemoryPushChannelStoreTest {
  private static final TenantId T = TenantId.of("clinica-norte");
  private static final ResourceCalendar CAL =
      new ResourceCalendar(
          T, ResourceId.of("dra-ana"), ConnectionKey.of(T, "google", "a@norte.cl"), "primary");
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private static PushChannel channel(String id, long expiresInSeconds) {
    return new PushChannel(id, "res", "s3cr3t-value", T0.plusSeconds(expiresInSeconds), CAL);
  }

  @Test
  void whenFullItForgetsTheChannelThatExpiresFirst() {
    InMemoryPushChannelStore store = new InMemoryPushChannelStore(2);
    store.save(channel("late", 300));
    store.save(channel("early", 100));

    store.save(channel("new", 200));

    assertThat(store.list("google")).extracting(PushChannel::id).containsExactly("late", "new");
  }

  @Test
  void replacingAChannelWhenFullForgetsNoOther() {
    InMemoryPushChannelStore store = new InMemoryPushChannelStore(2);
    store.save(channel("a", 100));
    store.save(channel("b", 200));

    store.save(channel("a", 300));

    assertThat(store.list("google")).extracting(PushChannel::id).containsExactly("a", "b");
  }

  @Test
  void aCapacityBelowOneIsRefused() {
    assertThatThrownBy(() -> new InMemoryPushChannelStore(0))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("capacity");
  }

  @Test
  void toStringHidesTheToken() {
    assertThat(channel("a", 1).toString()).doesNotContain("s3cr3t").contains("[redacted]");
  }
}
