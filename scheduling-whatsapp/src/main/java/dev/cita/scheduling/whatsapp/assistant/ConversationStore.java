package dev.cita.scheduling.whatsapp.assistant;

import dev.cita.scheduling.model.TenantId;
import java.util.Optional;

/**
 * Where the assistant keeps each customer's {@link Conversation}, per tenant and customer phone
 * (E.164). {@link PersistentConversationStore} keeps them in a core {@code ConversationStateStore}
 * (such as the JDBC one) to survive restarts and share them between app nodes; {@link #inMemory()}
 * is the thread-safe default for tests and single-node apps.
 */
public interface ConversationStore {
  /** The conversation of this customer with this tenant, if there is one. */
  Optional<Conversation> find(TenantId tenant, String customerPhone);

  /** Creates or replaces the conversation of this customer with this tenant. */
  void save(TenantId tenant, String customerPhone, Conversation conversation);

  /** A new, empty, thread-safe in-memory store. */
  static ConversationStore inMemory() {
    return new InMemoryConversationStore();
  }
}
