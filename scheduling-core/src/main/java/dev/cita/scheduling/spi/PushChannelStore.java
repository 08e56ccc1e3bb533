package dev.cita.scheduling.spi;

import java.util.List;
import java.util.Optional;

/**
 * Where push channels are kept, so that any node can verify a provider's notification and renew a
 * channel after a restart. The verification token is a secret: keep it as you keep other secrets
 * and never log it. Implementations must be thread-safe; {@code InMemoryPushChannelStore} lives as
 * long as the process, {@code JdbcPushChannelStore} is shared by every node of one database.
 */
public interface PushChannelStore {
  /**
   * Stores a channel, replacing one of the same provider with the same id.
   *
   * @param channel the channel the provider opened
   * @throws dev.cita.scheduling.ValidationException if {@code channel} is null
   */
  void save(PushChannel channel);

  /**
   * Finds a channel by the id a notification names.
   *
   * @param provider the provider, such as {@code "google"}
   * @param channelId the id Cita chose for the channel
   * @return the channel, or empty when it is not stored
   */
  Optional<PushChannel> find(String provider, String channelId);

  /**
   * Forgets a channel.
   *
   * @param provider the provider
   * @param channelId the id Cita chose for the channel
   * @return true if it was stored
   */
  boolean delete(String provider, String channelId);

  /**
   * Every stored channel of a provider, for renewal rounds.
   *
   * @param provider the provider
   * @return its channels, ordered by id
   */
  List<PushChannel> list(String provider);
}
