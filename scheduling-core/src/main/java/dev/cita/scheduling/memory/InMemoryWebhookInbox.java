package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.WebhookInbox;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link WebhookInbox} in memory; {@link #purgeBefore} keeps it from growing forever. */
public final class InMemoryWebhookInbox implements WebhookInbox {
  private record Key(String provider, String key) {}

  private final Map<Key, Instant> recorded = new ConcurrentHashMap<>();

  @Override
  public boolean seen(String provider, String key) {
    return recorded.containsKey(new Key(Checks.notBlank(provider, "provider"), Checks.notBlank(key, "key")));
  }

  @Override
  public void record(String provider, String key, Instant at) {
    recorded.putIfAbsent(new Key(Checks.notBlank(provider, "provider"), Checks.notBlank(key, "key")),
        Checks.notNull(at, "at"));
  }

  /** Forgets deliveries recorded before {@code cutoff} (older than any provider retries); returns how many. */
  public int purgeBefore(Instant cutoff) {
    Checks.notNull(cutoff, "cutoff");
    int before = recorded.size();
    recorded.values().removeIf(at -> at.isBefore(cutoff));
    return before - recorded.size();
  }

  /** The number of deliveries recorded. */
  public int size() {
    return recorded.size();
  }
}
