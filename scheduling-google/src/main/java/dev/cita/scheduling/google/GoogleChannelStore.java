package dev.cita.scheduling.google;

import java.util.List;
import java.util.Optional;

/**
 * Where push channels are kept, so that notifications can be verified and channels renewed after a
 * restart. Implement it over your database (the token is a secret: store it as you store other
 * secrets), or use {@link #inMemory()}. Implementations must be thread-safe.
 */
public interface GoogleChannelStore {
  /**
   * Stores a channel, replacing one with the same id.
   *
   * @param channel the channel Google opened
   */
  void save(GoogleChannel channel);

  /**
   * Finds a channel by the id in a notification's {@code X-Goog-Channel-ID}.
   *
   * @param channelId the id Cita chose for the channel
   * @return the channel, or empty when it is not stored
   */
  Optional<GoogleChannel> find(String channelId);

  /**
   * Forgets a channel.
   *
   * @param channelId the id Cita chose for the channel
   * @return true if the channel was stored
   */
  boolean delete(String channelId);

  /** {@return every stored channel, in any order} */
  List<GoogleChannel> all();

  /** {@return a new store that lives as long as the process} */
  static GoogleChannelStore inMemory() {
    return new InMemoryGoogleChannelStore();
  }
}
