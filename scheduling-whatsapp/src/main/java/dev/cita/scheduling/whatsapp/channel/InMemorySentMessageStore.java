package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.memory.InMemorySendAttemptStore;
import dev.cita.scheduling.notify.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** A {@link SentMessageStore} over the core's bounded {@link InMemorySendAttemptStore}. */
final class InMemorySentMessageStore implements SentMessageStore {
  private final InMemorySendAttemptStore store;

  InMemorySentMessageStore(Clock clock, Duration retention) {
    this.store = new InMemorySendAttemptStore(clock, retention);
  }

  @Override
  public Optional<Attempt> begin(String idempotencyKey, Instant at) {
    return store.begin(idempotencyKey, at);
  }

  @Override
  public void notSent(String idempotencyKey) {
    store.notSent(idempotencyKey);
  }

  @Override
  public void accepted(
      String idempotencyKey, String messageId, Optional<OutgoingMessage> freeForm) {
    store.accepted(idempotencyKey, messageId, freeForm);
  }

  @Override
  public Optional<OutgoingMessage> freeForm(String messageId) {
    return store.freeForm(messageId);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    return store.purgeBefore(cutoff);
  }

  @Override
  public String toString() {
    return store.toString();
  }
}
