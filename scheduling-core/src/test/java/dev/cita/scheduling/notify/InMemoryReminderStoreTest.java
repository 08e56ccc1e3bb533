package dev.cita.scheduling.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cita.scheduling.memory.InMemoryReminderStore;
import dev.cita.scheduling.model.AppointmentId;
import dev.cita.scheduling.model.TenantId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The claim rules every ReminderStore must follow, pinned on the in-memory one. */
class InMemoryReminderStoreTest {
  private static final Instant NOW = Instant.parse("2026-09-14T17:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(2);
  private static final ReminderKey KEY =
      new ReminderKey(
          TenantId.of("t"),
          AppointmentId.of("a"),
          Instant.parse("2026-09-15T17:00:00Z"),
          Duration.ofHours(24),
          RecipientKind.CUSTOMER,
          "whatsapp");

  private final InMemoryReminderStore store = new InMemoryReminderStore();

  @Test
  void aHeldClaimIsNotTakenUntilItsLeaseEnds() {
    assertThat(store.claim(KEY, "w1", NOW, LEASE)).isPresent();
    assertThat(store.claim(KEY, "w2", NOW.plus(LEASE).minusSeconds(1), LEASE)).isEmpty();
    assertThat(store.claim(KEY, "w2", NOW.plus(LEASE), LEASE))
        .hasValueSatisfying(r -> assertThat(r.claims()).isEqualTo(2));
    assertThat(store.markSent(KEY, "w1", "m-1")).as("w1 lost the claim").isFalse();
    assertThat(store.markSent(KEY, "w2", "m-2")).isTrue();
  }

  @Test
  void aSentReminderIsNeverClaimedAgain() {
    store.claim(KEY, "w1", NOW, LEASE);
    store.markSent(KEY, "w1", "m-1");

    assertThat(store.claim(KEY, "w1", NOW.plus(Duration.ofDays(1)), LEASE)).isEmpty();
    assertThat(store.find(KEY))
        .hasValueSatisfying(r -> assertThat(r.channelMessageId()).contains("m-1"));
  }

  @Test
  void aFailureReleasesTheClaimAtOnceAndCountsIt() {
    store.claim(KEY, "w1", NOW, LEASE);
    assertThat(store.markFailed(KEY, "w1", "timeout")).isTrue();

    assertThat(store.claim(KEY, "w2", NOW, LEASE))
        .hasValueSatisfying(
            r -> {
              assertThat(r.failures()).isEqualTo(1);
              assertThat(r.unfinishedClaims()).isZero();
            });
  }

  @Test
  void anAbandonedReminderIsNeverClaimedAgainAndAnExpiredUnsettledClaimCountsAsUnfinished() {
    store.claim(KEY, "w1", NOW, LEASE);
    assertThat(store.claim(KEY, "w2", NOW.plus(LEASE), LEASE))
        .hasValueSatisfying(r -> assertThat(r.unfinishedClaims()).isEqualTo(1));
    assertThat(store.abandon(KEY, "w2", "gone")).isTrue();

    assertThat(store.claim(KEY, "w3", NOW.plus(Duration.ofHours(1)), LEASE)).isEmpty();
    assertThat(store.purgeSettledBefore(KEY.start().plusSeconds(1))).isEqualTo(1);
    assertThat(store.find(KEY)).isEmpty();
  }
}
