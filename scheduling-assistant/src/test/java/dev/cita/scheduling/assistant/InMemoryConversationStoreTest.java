package dev.cita.scheduling.assistant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cita.scheduling.ValidationException;
import dev.cita.scheduling.model.TenantId;
import dev.cita.scheduling.testkit.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The in-memory conversation store is bounded: by a time to live and by a number of entries. */
class InMemoryConversationStoreTest {
  private static final TenantId CLINIC = TenantId.of("clinica-norte");
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");

  private final TestClock clock = new TestClock(T0);

  private static Conversation conversation(Instant at) {
    return Conversation.start(Locale.forLanguageTag("es"), at);
  }

  @Test
  void aConversationIsForgottenItsTimeToLiveAfterItsLastSave() {
    InMemoryConversationStore store =
        new InMemoryConversationStore(clock, Duration.ofHours(1), 100);
    store.save(CLINIC, "+56911111111", conversation(T0));
    clock.advance(Duration.ofMinutes(40));
    store.save(CLINIC, "+56911111111", conversation(clock.instant()));

    clock.advance(Duration.ofMinutes(59));
    assertThat(store.find(CLINIC, "+56911111111")).isPresent();
    clock.advance(Duration.ofMinutes(1));
    assertThat(store.find(CLINIC, "+56911111111")).isEmpty();
    assertThat(store.size()).isZero();
  }

  @Test
  void expiredConversationsAreDroppedOnSaveEvenIfNeverReadAgain() {
    InMemoryConversationStore store =
        new InMemoryConversationStore(clock, Duration.ofHours(1), 100);
    for (int i = 0; i < 50; i++) {
      store.save(CLINIC, "+569100000" + (10 + i), conversation(T0));
    }

    clock.advance(Duration.ofHours(2));
    store.save(CLINIC, "+56999999999", conversation(clock.instant()));

    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void aFullStoreDropsTheConversationSavedLongestAgo() {
    InMemoryConversationStore store = new InMemoryConversationStore(clock, Duration.ofDays(30), 3);
    store.save(CLINIC, "+56911111111", conversation(T0));
    clock.advance(Duration.ofSeconds(1));
    store.save(CLINIC, "+56922222222", conversation(clock.instant()));
    clock.advance(Duration.ofSeconds(1));
    store.save(CLINIC, "+56933333333", conversation(clock.instant()));
    clock.advance(Duration.ofSeconds(1));
    // Saving again moves the first one to the back of the line.
    store.save(CLINIC, "+56911111111", conversation(clock.instant()));

    store.save(CLINIC, "+56944444444", conversation(clock.instant()));

    assertThat(store.size()).isEqualTo(3);
    assertThat(store.find(CLINIC, "+56922222222")).isEmpty();
    assertThat(store.find(CLINIC, "+56911111111")).isPresent();
    assertThat(store.find(CLINIC, "+56933333333")).isPresent();
    assertThat(store.find(CLINIC, "+56944444444")).isPresent();
  }

  @Test
  void badBoundsAreRefusedNamingTheField() {
    assertThatThrownBy(() -> new InMemoryConversationStore(clock, Duration.ZERO, 1))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("timeToLive"));
    assertThatThrownBy(() -> new InMemoryConversationStore(clock, Duration.ofDays(1), 0))
        .isInstanceOfSatisfying(
            ValidationException.class, e -> assertThat(e.field()).isEqualTo("maxConversations"));
  }
}
