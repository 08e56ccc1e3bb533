package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.memory.InMemoryPushChannelStore;
import dev.cita.scheduling.spi.PushChannelStore;
import java.util.List;
import java.util.Optional;

/**
 * Where push channels are kept, so that notifications can be verified and channels renewed after a
 * restart: the Google view of the core's {@link PushChannelStore}. Normally {@link
 * #over(PushChannelStore)} a store every node shares (such as {@code JdbcStores.pushChannels()}),
 * so a notification that reaches any node is verified; {@link #inMemory()} for one node. You may
 * also implement it yourself (the token is a secret: store it as you store other secrets).
 * Implementations must be thread-safe.
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

  /**
   * {@return a new store that lives as long as the process (see {@link InMemoryPushChannelStore})}
   */
  static GoogleChannelStore inMemory() {
    return over(new InMemoryPushChannelStore());
  }

  /**
   * Google's channels in a provider-neutral store, under provider {@code "google"}.
   *
   * @param store the store, shared by every node that receives Google's notifications
   * @return the Google view of it
   * @throws dev.cita.scheduling.ValidationException if {@code store} is null
   */
  static GoogleChannelStore over(PushChannelStore store) {
    return new SharedGoogleChannelStore(Checks.notNull(store, "pushChannelStore"));
  }
}
