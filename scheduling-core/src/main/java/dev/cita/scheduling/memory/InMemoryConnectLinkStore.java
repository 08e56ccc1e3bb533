package dev.cita.scheduling.memory;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.spi.ConnectLinkStore;
import dev.cita.scheduling.token.ConnectLink;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** A thread-safe {@link ConnectLinkStore} in memory, for one application node. */
public final class InMemoryConnectLinkStore implements ConnectLinkStore {
  private final Map<String, ConnectLink> links = new ConcurrentHashMap<>();

  /** Creates an empty store. */
  public InMemoryConnectLinkStore() {}

  @Override
  public void put(ConnectLink link) {
    Checks.notNull(link, "link");
    if (links.putIfAbsent(link.id(), link) != null) {
      throw new IllegalStateException("a connect link with this id is stored already");
    }
  }

  @Override
  public Optional<ConnectLink> find(String id) {
    return Optional.ofNullable(links.get(Checks.notNull(id, "id")));
  }

  @Override
  public boolean markUsed(String id, Instant usedAt) {
    Checks.notNull(id, "id");
    Checks.notNull(usedAt, "usedAt");
    AtomicBoolean marked = new AtomicBoolean();
    links.computeIfPresent(
        id,
        (key, link) -> {
          if (link.used() || link.expiredAt(usedAt)) {
            return link;
          }
          marked.set(true);
          return new ConnectLink(
              link.id(), link.tenant(), link.provider(), link.expiresAt(), usedAt);
        });
    return marked.get();
  }
}
