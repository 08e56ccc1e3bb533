package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.internal.MessagingStates;
import dev.cita.scheduling.internal.Retention;
import dev.cita.scheduling.notify.OutgoingMessage;
import dev.cita.scheduling.spi.SendAttemptStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link SendAttemptStore} in concurrent maps, for one node and tests; {@link #begin}
 * is one atomic {@code putIfAbsent}. Bounded in time: entries older than the retention are dropped
 * every few hundred writes, so memory grows with the messages of the retention period only.
 */
public final class InMemorySendAttemptStore implements SendAttemptStore {
  private record Stored(OutgoingMessage message, Instant at) {}

  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final Map<String, Stored> freeForm = new ConcurrentHashMap<>();
  private final Retention retention;

  /**
   * An empty store that forgets entries {@code retention} after they were written (longer than a
   * reminder's retries and a status callback's delay).
   *
   * @param clock what the write times are read from
   * @param retention how long entries are kept
   */
  public InMemorySendAttemptStore(Clock clock, Duration retention) {
    this.retention = new Retention(clock, retention);
  }

  @Override
  public Optional<Attempt> begin(String idempotencyKey, Instant at) {
    MessagingStates.sendKey(idempotencyKey);
    Checks.notNull(at, "at");
    retention.written(this::purgeBefore);
    return Optional.ofNullable(
        attempts.putIfAbsent(idempotencyKey, new Attempt(at, Optional.empty())));
  }

  @Override
  public void notSent(String idempotencyKey) {
    attempts.remove(MessagingStates.sendKey(idempotencyKey));
  }

  @Override
  public void accepted(String idempotencyKey, String messageId, Optional<OutgoingMessage> message) {
    MessagingStates.sendKey(idempotencyKey);
    MessagingStates.messageId(messageId);
    Checks.notNull(message, "freeForm");
    Instant now = retention.clock().instant();
    attempts.put(idempotencyKey, new Attempt(now, Optional.of(messageId)));
    message.ifPresent(m -> freeForm.put(messageId, new Stored(m, now)));
  }

  @Override
  public Optional<OutgoingMessage> freeForm(String messageId) {
    return Optional.ofNullable(freeForm.get(MessagingStates.messageId(messageId)))
        .map(Stored::message);
  }

  @Override
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int before = attempts.size();
    attempts.values().removeIf(a -> a.startedAt().isBefore(cutoff));
    freeForm.values().removeIf(s -> s.at().isBefore(cutoff));
    return Math.max(0, before - attempts.size());
  }

  /** {@return how many idempotency keys are held} */
  public int size() {
    return attempts.size();
  }

  @Override
  public String toString() {
    return "InMemorySendAttemptStore{keys="
        + attempts.size()
        + ", freeForm="
        + freeForm.size()
        + '}';
  }
}
