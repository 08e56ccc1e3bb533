package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.WebhookInbox;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thread-safe {@link WebhookInbox} in memory; {@link #purgeBefore} keeps it from growing forever.
 */
public final class InMemoryWebhookInbox implements WebhookInbox {
  private final Map<Delivery, Recorded> recorded = new ConcurrentHashMap<>();

  @Override
  public Optional<Recorded> find(Delivery delivery) {
    return Optional.ofNullable(recorded.get(Checks.notNull(delivery, "delivery")));
  }

  @Override
  public void record(Delivery delivery, Instant at) {
    recorded.putIfAbsent(
        Checks.notNull(delivery, "delivery"),
        new Recorded(Checks.notNull(at, "at"), Optional.empty()));
  }

  @Override
  public void recordRejected(Delivery delivery, Instant at, String reason) {
    Checks.notBlank(reason, "reason");
    String kept = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
    recorded.putIfAbsent(
        Checks.notNull(delivery, "delivery"),
        new Recorded(Checks.notNull(at, "at"), Optional.of(kept)));
  }

  /**
   * Forgets deliveries recorded before {@code cutoff} (older than any provider retries).
   *
   * @param cutoff the earliest recording time kept
   * @return how many deliveries were forgotten
   */
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int before = recorded.size();
    recorded.values().removeIf(r -> r.at().isBefore(cutoff));
    return before - recorded.size();
  }

  /** {@return the number of deliveries recorded} */
  public int size() {
    return recorded.size();
  }
}
