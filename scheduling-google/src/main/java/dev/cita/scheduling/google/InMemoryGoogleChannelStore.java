package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link GoogleChannelStore} in memory, for tests, demos and single-node apps. */
final class InMemoryGoogleChannelStore implements GoogleChannelStore {
  private final Map<String, GoogleChannel> channels = new ConcurrentHashMap<>();

  @Override
  public void save(GoogleChannel channel) {
    Checks.notNull(channel, "channel");
    channels.put(channel.id(), channel);
  }

  @Override
  public Optional<GoogleChannel> find(String channelId) {
    return channelId == null ? Optional.empty() : Optional.ofNullable(channels.get(channelId));
  }

  @Override
  public boolean delete(String channelId) {
    return channelId != null && channels.remove(channelId) != null;
  }

  @Override
  public List<GoogleChannel> all() {
    return List.copyOf(channels.values());
  }
}
