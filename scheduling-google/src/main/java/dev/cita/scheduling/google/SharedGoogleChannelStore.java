package dev.cita.scheduling.google;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.PushChannelStore;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** {@link GoogleChannelStore#over}: Google's channels kept in a core {@link PushChannelStore}. */
final class SharedGoogleChannelStore implements GoogleChannelStore {
  private final PushChannelStore store;

  SharedGoogleChannelStore(PushChannelStore store) {
    this.store = store;
  }

  @Override
  public void save(GoogleChannel channel) {
    store.save(Checks.notNull(channel, "channel").toPushChannel());
  }

  @Override
  public Optional<GoogleChannel> find(@Nullable String channelId) {
    return channelId == null
        ? Optional.empty()
        : store.find(GoogleOAuth.PROVIDER, channelId).map(GoogleChannel::of);
  }

  @Override
  public boolean delete(@Nullable String channelId) {
    return channelId != null && store.delete(GoogleOAuth.PROVIDER, channelId);
  }

  @Override
  public List<GoogleChannel> all() {
    return store.list(GoogleOAuth.PROVIDER).stream().map(GoogleChannel::of).toList();
  }

  @Override
  public String toString() {
    return "GoogleChannelStore{" + store + '}';
  }
}
