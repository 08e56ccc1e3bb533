package dev.cita.scheduling.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Optional;

/**
 * A thread-safe {@link ConversationStore} in memory, for tests and single-node apps; conversations
 * are lost on restart and differ per node (several nodes share a {@link
 * PersistentConversationStore} instead). Bounded both ways: a conversation is forgotten {@link
 * PersistentConversationStore#DEFAULT_TIME_TO_LIVE a while} after its last save (30 days by
 * default), and when the store is full the conversation saved longest ago is dropped to make room
 * (10,000 by default).
 */
public final class InMemoryConversationStore implements ConversationStore {
  /** How many conversations the store holds at most when no limit is given. */
  public static final int DEFAULT_MAX_CONVERSATIONS = 10_000;

  private record Key(TenantId tenant, String phone) {}

  private record Saved(Conversation conversation, Instant at) {}

  private final Clock clock;
  private final Duration timeToLive;
  private final int maxConversations;

  /** In order of last save, oldest first; guarded by {@code this}. */
  private final LinkedHashMap<Key, Saved> conversations = new LinkedHashMap<>();

  /** An empty store with the default bounds, on the system clock. */
  public InMemoryConversationStore() {
    this(
        Clock.systemUTC(),
        PersistentConversationStore.DEFAULT_TIME_TO_LIVE,
        DEFAULT_MAX_CONVERSATIONS);
  }

  /**
   * An empty store with the given bounds.
   *
   * @param clock what "now" is for the time to live; use the assistant's
   * @param timeToLive how long a conversation is kept after its last save; positive
   * @param maxConversations how many conversations are held at most; at least 1
   */
  public InMemoryConversationStore(Clock clock, Duration timeToLive, int maxConversations) {
    this.clock = Checks.notNull(clock, "clock");
    this.timeToLive = Checks.positive(timeToLive, "timeToLive");
    this.maxConversations = Checks.atLeast(maxConversations, 1, "maxConversations");
  }

  @Override
  public synchronized Optional<Conversation> find(TenantId tenant, String customerPhone) {
    Key key = key(tenant, customerPhone);
    Saved saved = conversations.get(key);
    if (saved == null) {
      return Optional.empty();
    }
    if (expired(saved, clock.instant())) {
      conversations.remove(key);
      return Optional.empty();
    }
    return Optional.of(saved.conversation());
  }

  @Override
  public synchronized void save(TenantId tenant, String customerPhone, Conversation conversation) {
    Key key = key(tenant, customerPhone);
    Checks.notNull(conversation, "conversation");
    Instant now = clock.instant();
    // Re-inserted, so the map stays in order of last save.
    conversations.remove(key);
    conversations.put(key, new Saved(conversation, now));
    Iterator<Saved> oldestFirst = conversations.values().iterator();
    while (oldestFirst.hasNext()) {
      Saved oldest = oldestFirst.next();
      if (conversations.size() <= maxConversations && !expired(oldest, now)) {
        break;
      }
      oldestFirst.remove();
    }
  }

  private boolean expired(Saved saved, Instant now) {
    return !now.isBefore(saved.at().plus(timeToLive));
  }

  /** {@return how many conversations are stored, including expired ones not yet dropped} */
  public synchronized int size() {
    return conversations.size();
  }

  private static Key key(TenantId tenant, String phone) {
    return new Key(Checks.notNull(tenant, "tenant"), Checks.notBlank(phone, "customerPhone"));
  }

  @Override
  public String toString() {
    return "InMemoryConversationStore{conversations=" + size() + '}';
  }
}
