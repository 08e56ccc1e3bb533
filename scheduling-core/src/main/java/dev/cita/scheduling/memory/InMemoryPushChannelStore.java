package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.PushChannel;
import dev.cita.scheduling.spi.PushChannelStore;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A thread-safe {@link PushChannelStore} in memory, for tests, demos and single-node apps. It holds
 * at most {@link #capacity()} channels: saving one more forgets the channel that expires first (the
 * one closest to dead at its provider).
 */
public final class InMemoryPushChannelStore implements PushChannelStore {
  /** The capacity of {@link #InMemoryPushChannelStore()}. */
  public static final int DEFAULT_CAPACITY = 100_000;

  private record Key(String provider, String id) {}

  private final Map<Key, PushChannel> channels = new HashMap<>();
  private final int capacity;

  /** An empty store of {@value #DEFAULT_CAPACITY} channels at most. */
  public InMemoryPushChannelStore() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * An empty store.
   *
   * @param capacity the most channels it holds, at least 1
   * @throws dev.cita.scheduling.ValidationException if {@code capacity} is less than 1
   */
  public InMemoryPushChannelStore(int capacity) {
    this.capacity = Checks.atLeast(capacity, 1, "capacity");
  }

  /** {@return the most channels it holds} */
  public int capacity() {
    return capacity;
  }

  @Override
  public synchronized void save(PushChannel channel) {
    Checks.notNull(channel, "channel");
    Key key = new Key(channel.provider(), channel.id());
    if (!channels.containsKey(key) && channels.size() >= capacity) {
      channels.values().stream()
          .min(Comparator.comparing(PushChannel::expiresAt))
          .ifPresent(first -> channels.remove(new Key(first.provider(), first.id())));
    }
    channels.put(key, channel);
  }

  @Override
  public synchronized Optional<PushChannel> find(String provider, String channelId) {
    return Optional.ofNullable(
        channels.get(
            new Key(Checks.notNull(provider, "provider"), Checks.notNull(channelId, "channelId"))));
  }

  @Override
  public synchronized boolean delete(String provider, String channelId) {
    return channels.remove(
            new Key(Checks.notNull(provider, "provider"), Checks.notNull(channelId, "channelId")))
        != null;
  }

  @Override
  public synchronized List<PushChannel> list(String provider) {
    Checks.notNull(provider, "provider");
    return channels.values().stream()
        .filter(c -> c.provider().equals(provider))
        .sorted(Comparator.comparing(PushChannel::id))
        .toList();
  }

  @Override
  public synchronized String toString() {
    return "InMemoryPushChannelStore{channels=" + channels.size() + '}';
  }
}
