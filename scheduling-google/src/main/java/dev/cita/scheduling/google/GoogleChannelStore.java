package dev.cita.scheduling.google;

import java.util.List;
import java.util.Optional;

/**
 * Where push channels are kept, so that notifications can be verified and channels renewed after a
 * restart. Implement it over your database (the token is a secret: store it as you store other
 * secrets), or use {@link #inMemory()}. Implementations must be thread-safe.
 */
public interface GoogleChannelStore {
  void save(GoogleChannel channel);

  Optional<GoogleChannel> find(String channelId);

  /** True if the channel was stored. */
  boolean delete(String channelId);

  /** Every stored channel, in any order. */
  List<GoogleChannel> all();

  /** A store that lives as long as the process. */
  static GoogleChannelStore inMemory() {
    return new InMemoryGoogleChannelStore();
  }
}
