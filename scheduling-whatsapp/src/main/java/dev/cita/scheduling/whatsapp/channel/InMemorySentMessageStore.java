package dev.cita.scheduling.whatsapp.channel;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.notify.OutgoingMessage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A {@link SentMessageStore} in concurrent maps; {@link #begin} is one atomic {@code putIfAbsent}.
 * Entries older than the retention are dropped on writes, so memory grows with the messages of the
 * retention period only.
 */
final class InMemorySentMessageStore implements SentMessageStore {
  private final Clock clock;
  private final Duration retention;
  private final Map<String, Attempt> attempts = new ConcurrentHashMap<>();
  private final Map<String, Stored> freeForm = new ConcurrentHashMap<>();
  private final AtomicInteger writes = new AtomicInteger();

  private record Stored(OutgoingMessage message, Instant at) {}

  InMemorySentMessageStore(Clock clock, Duration retention) {
    this.clock = Checks.notNull(clock, "clock");
    this.retention = Checks.notNull(retention, "retention");
  }

  @Override
  public Optional<Attempt> begin(String idempotencyKey, Instant at) {
    if ((writes.incrementAndGet() & 255) == 0) {
      forgetOld();
    }
    return Optional.ofNullable(
        attempts.putIfAbsent(idempotencyKey, new Attempt(at, Optional.empty())));
  }

  @Override
  public void notSent(String idempotencyKey) {
    attempts.remove(idempotencyKey);
  }

  @Override
  public void accepted(
      String idempotencyKey, String messageSid, Optional<OutgoingMessage> message) {
    Instant now = clock.instant();
    attempts.put(idempotencyKey, new Attempt(now, Optional.of(messageSid)));
    message.ifPresent(m -> freeForm.put(messageSid, new Stored(m, now)));
  }

  @Override
  public Optional<OutgoingMessage> freeForm(String messageSid) {
    return Optional.ofNullable(freeForm.get(messageSid)).map(Stored::message);
  }

  private void forgetOld() {
    Instant limit = clock.instant().minus(retention);
    attempts.values().removeIf(a -> a.startedAt().isBefore(limit));
    freeForm.values().removeIf(s -> s.at().isBefore(limit));
  }

  @Override
  public String toString() {
    return "InMemorySentMessageStore{keys="
        + attempts.size()
        + ", freeForm="
        + freeForm.size()
        + '}';
  }
}
