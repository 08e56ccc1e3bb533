package dev.cita.scheduling.whatsapp.assistant;

import dev.cita.scheduling.internal.Checks;
import dev.cita.scheduling.model.TenantId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A thread-safe {@link ConversationStore} in memory; conversations are lost on restart. */
public final class InMemoryConversationStore implements ConversationStore {
  private final Map<Key, Conversation> conversations = new ConcurrentHashMap<>();

  private record Key(TenantId tenant, String phone) {}

  /** An empty store. */
  public InMemoryConversationStore() {}

  @Override
  public Optional<Conversation> find(TenantId tenant, String customerPhone) {
    return Optional.ofNullable(conversations.get(key(tenant, customerPhone)));
  }

  @Override
  public void save(TenantId tenant, String customerPhone, Conversation conversation) {
    conversations.put(key(tenant, customerPhone), Checks.notNull(conversation, "conversation"));
  }

  /** {@return how many conversations are stored} */
  public int size() {
    return conversations.size();
  }

  private static Key key(TenantId tenant, String phone) {
    return new Key(Checks.notNull(tenant, "tenant"), Checks.notBlank(phone, "customerPhone"));
  }
}
