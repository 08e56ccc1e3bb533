package dev.cita.scheduling.assistant;

import dev.cita.scheduling.model.TenantId;
import java.util.Optional;

/**
 * Where the assistant keeps each customer's {@link Conversation}, per tenant and customer phone
 * (E.164). {@link PersistentConversationStore} keeps them in a core {@code ConversationStateStore}
 * (such as the JDBC one) to survive restarts and share them between app nodes; {@link #inMemory()}
 * is the thread-safe default for tests and single-node apps.
 */
public interface ConversationStore {
  /**
   * The conversation of a customer with a tenant.
   *
   * @param tenant the business
   * @param customerPhone the customer's phone, E.164
   * @return the conversation, or empty when there is none (or it expired)
   */
  Optional<Conversation> find(TenantId tenant, String customerPhone);

  /**
   * Creates or replaces the conversation of a customer with a tenant.
   *
   * @param tenant the business
   * @param customerPhone the customer's phone, E.164
   * @param conversation the conversation as it now stands
   */
  void save(TenantId tenant, String customerPhone, Conversation conversation);

  /** {@return a new, empty, thread-safe store held in memory} */
  static ConversationStore inMemory() {
    return new InMemoryConversationStore();
  }
}
