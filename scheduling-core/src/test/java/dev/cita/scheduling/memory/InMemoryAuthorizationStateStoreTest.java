package dev.cita.scheduling.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.token.PendingAuthorization;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class InMemoryAuthorizationStateStoreTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final String VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";

  private static PendingAuthorization until(Instant expiresAt) {
    return new PendingAuthorization(TenantId.of("t"), "google", VERIFIER, expiresAt);
  }

  @Test
  void consumeRemovesTheEntry() {
    InMemoryAuthorizationStateStore store =
        new InMemoryAuthorizationStateStore(Clock.fixed(T0, ZoneOffset.UTC));
    store.put("s1", until(T0.plusSeconds(600)));

    assertThat(store.consume("s1")).contains(until(T0.plusSeconds(600)));
    assertThat(store.consume("s1")).isEmpty();
  }

  @Test
  void putDropsExpiredEntriesButKeepsLiveOnes() {
    InMemoryAuthorizationStateStore store =
        new InMemoryAuthorizationStateStore(Clock.fixed(T0, ZoneOffset.UTC));
    store.put("expired", until(T0));
    store.put("live", until(T0.plusSeconds(1)));
    store.put("new", until(T0.plusSeconds(600)));

    assertThat(store.consume("expired")).isEmpty();
    assertThat(store.consume("live")).isPresent();
    assertThat(store.consume("new")).isPresent();
  }
}
